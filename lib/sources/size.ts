/**
 * Sizes in one unit, said the same way in every message and limit: 1 MB = 10^6 bytes (SI, as
 * browsers' download lists and operating systems' file sizes count them), so a file the system
 * shows as 57.8 MB is said to be 57.8 MB, and a 50 MB cap is 50,000,000 bytes.
 */
export const MB = 1_000_000;

/** "57.8 MB", "50 MB". */
export function formatMB(bytes: number, decimals = 1): string {
  const f = 10 ** decimals;
  return `${Math.round((bytes / MB) * f) / f} MB`;
}

/** "57.8 MB; the limit is 50 MB", with enough decimals that the two never read the same. */
export function overLimit(bytes: number, limit: number): string {
  let decimals = 1;
  while (decimals < 6 && formatMB(bytes, decimals) === formatMB(limit, decimals)) decimals++;
  return `${formatMB(bytes, decimals)}; the limit is ${formatMB(limit)}`;
}
