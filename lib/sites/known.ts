/** Streaming and review sites listed by name in options (each has its own switch). */
export const KNOWN_SITES: { host: string; name: string }[] = [
  { host: 'netflix.com', name: 'Netflix' },
  { host: 'primevideo.com', name: 'Prime Video' },
  { host: 'disneyplus.com', name: 'Disney+' },
  { host: 'max.com', name: 'Max' },
  { host: 'hulu.com', name: 'Hulu' },
  { host: 'tv.apple.com', name: 'Apple TV+' },
  { host: 'youtube.com', name: 'YouTube' },
  { host: 'letterboxd.com', name: 'Letterboxd' },
  { host: 'imdb.com', name: 'IMDb' },
  { host: 'en.wikipedia.org', name: 'Wikipedia' },
];
