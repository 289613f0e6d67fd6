/**
 * The change feed: in-memory caches (the background's lookups) drop what a write outdated, whether
 * the write went through this store or through another ReviewStore on the same database in
 * another context of the extension (the options page imports straight into IndexedDB).
 */
const CHANGE_CHANNEL = 'marquee-store';

export class ChangeFeed {
  private listeners = new Set<() => void>();
  private channel?: BroadcastChannel;
  private readonly instanceId = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  private readonly channelName: string;

  constructor(database: string) {
    this.channelName = `${CHANGE_CHANNEL}:${database}`;
  }

  /** Call `fn` after every committed change, here or in another context. Returns the unsubscribe function. */
  subscribe(fn: () => void): () => void {
    if (!this.channel && typeof BroadcastChannel !== 'undefined') {
      this.channel = new BroadcastChannel(this.channelName);
      // Its own notices (posted from a fresh channel object, see notify()) were already delivered.
      this.channel.onmessage = (event: MessageEvent) => {
        if ((event.data as { from?: string } | null)?.from !== this.instanceId)
          this.listeners.forEach((l) => l());
      };
    }
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Tell this context's listeners and every other context that a change committed. */
  notify(): void {
    this.listeners.forEach((l) => l());
    if (typeof BroadcastChannel === 'undefined') return;
    // A BroadcastChannel never delivers to the object that posted, so a fresh one reaches this
    // context's other stores as well as other contexts.
    const out = new BroadcastChannel(this.channelName);
    out.postMessage({ from: this.instanceId });
    out.close();
  }

  close(): void {
    this.channel?.close();
  }
}
