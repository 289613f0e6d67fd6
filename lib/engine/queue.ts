/**
 * The engine's work, in a fair order: one lane per page (frame), the visible tabs' lanes first,
 * and among lanes alike the one served longest ago. A browser restoring 30 tabs sends 30 pages at
 * once; the one the reader looks at is scored first, and a 1 MB article in one tab never holds
 * back the others for more than one piece at a time.
 */
interface Lane<T> {
  items: T[];
  head: number;
  visible: boolean;
  /** When the lane was last served (a tick of this queue). */
  served: number;
}

export class FairQueue<T> {
  private readonly lanes = new Map<number, Lane<T>>();
  private tick = 0;

  private lane(id: number): Lane<T> {
    let lane = this.lanes.get(id);
    if (!lane) this.lanes.set(id, (lane = { items: [], head: 0, visible: false, served: 0 }));
    return lane;
  }

  push(id: number, item: T): void {
    this.lane(id).items.push(item);
  }

  setVisible(id: number, visible: boolean): void {
    this.lane(id).visible = visible;
  }

  /** Forget a lane's waiting items (a page restarted); keeps its visibility. */
  clear(id: number): void {
    const lane = this.lanes.get(id);
    if (lane) {
      lane.items = [];
      lane.head = 0;
    }
  }

  /** Forget a lane (its port closed: tab closed, frame gone). */
  drop(id: number): void {
    this.lanes.delete(id);
  }

  /** Items waiting in every lane. */
  get size(): number {
    let n = 0;
    for (const lane of this.lanes.values()) n += lane.items.length - lane.head;
    return n;
  }

  /** The next item: from a visible lane if any waits, else from the lane served longest ago. */
  take(): { id: number; item: T } | undefined {
    let best: [number, Lane<T>] | undefined;
    for (const entry of this.lanes) {
      const lane = entry[1];
      if (lane.head >= lane.items.length) continue;
      if (
        !best ||
        (lane.visible && !best[1].visible) ||
        (lane.visible === best[1].visible && lane.served < best[1].served)
      )
        best = entry;
    }
    if (!best) return undefined;
    const [id, lane] = best;
    const item = lane.items[lane.head++]!;
    if (lane.head >= lane.items.length) {
      lane.items = [];
      lane.head = 0;
    }
    lane.served = ++this.tick;
    return { id, item };
  }
}
