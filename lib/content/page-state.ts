/**
 * What the page was started with and what changed since: the settings, the reader's corrections
 * and the engine ticket that came with pageStart (page-start.ts). Says what a stored change means
 * for the marks (read the page again, restyle them, or nothing) and derives the writer's and the
 * engine client's options, so the app only acts on the answer.
 */
import { EMPTY_CORRECTIONS, type Corrections } from '../corrections';
import type { EngineTicket } from '../engine/protocol';
import type { Envelope } from '../messaging/protocol';
import { marksOn, type Settings } from '../settings';
import type { StoredChange } from '../storage-items';
import type { Started } from './page-start';
import type { WriterOptions } from './writer';

/** Settings whose change redraws every mark (the page is read again in the new style). */
const RESTYLE_KEYS = ['markStyle', 'minConfidence', 'ratingScale', 'dimBelow', 'spoilerSafe'] as const;

export interface StoredEffect {
  /** The corrections changed: the page is read again with them. */
  reread: boolean;
  /** A display setting changed: the marks come off and go on again in the new style. */
  restyle: boolean;
}

export class PageState {
  settings?: Settings;
  corrections: Corrections = EMPTY_CORRECTIONS;
  /** The engine ticket that came with pageStart: the first ticket() answers with it. */
  private startTicket?: Envelope<EngineTicket>;

  constructor(
    private readonly host: string,
    private readonly askTicket: () => Promise<EngineTicket>,
  ) {}

  started({ settings, corrections, ticket }: Started): void {
    this.settings = settings;
    this.corrections = corrections;
    this.startTicket = ticket;
  }

  /** The engine ticket: the one that came with the page's start once, then the background's. */
  ticket(): Promise<EngineTicket> {
    const given = this.startTicket;
    this.startTicket = undefined;
    if (!given) return this.askTicket();
    return given.ok ? Promise.resolve(given.value) : Promise.reject(new Error(given.error));
  }

  apply({ settings, corrections }: StoredChange): StoredEffect {
    if (corrections) this.corrections = corrections;
    const was = this.settings;
    if (settings) this.settings = settings;
    return {
      reread: !!corrections,
      restyle: !!settings && RESTYLE_KEYS.some((k) => was?.[k] !== settings[k]),
    };
  }

  /** Marquee marks this host (settings known, marks on, the site not switched off). */
  get enabled(): boolean {
    return !!this.settings && marksOn(this.settings, this.host);
  }

  get minConfidence(): number {
    return this.settings?.minConfidence ?? 0.6;
  }

  get hoverDelay(): number {
    return this.settings?.hoverDelay ?? 300;
  }

  writerOptions(): WriterOptions {
    const s = this.settings;
    return {
      badges: s?.markStyle === 'badge',
      scale: s?.ratingScale ?? 'stars',
      spoilerSafe: !!s?.spoilerSafe,
      dimBelow: s?.dimBelow ?? 0,
    };
  }
}
