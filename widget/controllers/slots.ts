/**
 * The slots of an entry, a month at a time in the visitor's zone: cached, shared between the grid
 * and the slot list, prefetched for the next month when the browser is idle. Slots depend on the
 * routing answers too (a lead form's country may pick another pool), so new answers drop the cache.
 */
import type { ReactiveControllerHost } from 'lit';
import type { SlotsResponse } from '../../shared/api-schemas.js';
import type { SlotsQuery } from '../api-client.js';
import { addMonths, lastDayOf } from '../calendar-month.js';

export type Slot = SlotsResponse['slots'][number];
export type Answers = Record<string, string | boolean>;

/** How far ahead "next available" looks, in months. */
const lookahead = 6;

interface FirstEntry {
  zone: string;
  month: string;
  request: Promise<SlotsResponse | undefined>;
}

export class SlotsController {
  private months = new Map<string, Slot[]>();
  private pending = new Map<string, Promise<Slot[]>>();
  private first?: FirstEntry;
  private answers = '';

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly fetchSlots: (q: SlotsQuery) => Promise<SlotsResponse>,
  ) {}

  /** The month's slots once loaded, else `undefined` (loading or not asked yet). */
  get(event: string, zone: string, month: string): Slot[] | undefined {
    return this.months.get(`${event}|${zone}|${month}`);
  }

  /** Routing answers sent with every request from now on; different ones drop what is cached. */
  route(answers: Answers): void {
    const json = Object.keys(answers).length ? JSON.stringify(answers) : '';
    if (json !== this.answers) this.clear();
    this.answers = json;
  }

  /**
   * Asks for the page's first entry's month before the page itself has arrived (the server
   * defaults to that entry); `load` for that entry then waits for this answer instead of asking again.
   */
  preloadFirstEntry(zone: string, month: string, today: string): void {
    const query = this.query(undefined, zone, month, today);
    if (!query) return;
    this.first = { zone, month, request: this.fetchSlots(query).catch(() => undefined) };
  }

  load(event: string, zone: string, month: string, today: string): Promise<Slot[]> {
    const key = `${event}|${zone}|${month}`;
    const known = this.months.get(key);
    if (known) return Promise.resolve(known);
    let request = this.pending.get(key);
    if (!request) {
      request = this.fetchMonth(event, zone, month, today).then(
        (slots) => {
          this.months.set(key, slots);
          this.host.requestUpdate();
          return slots;
        },
        (error) => {
          this.pending.delete(key);
          throw error;
        },
      );
      this.pending.set(key, request);
    }
    return request;
  }

  /** A month's slots: none for a month already over, the preloaded answer when it is this entry's, else asked. */
  private async fetchMonth(event: string, zone: string, month: string, today: string): Promise<Slot[]> {
    const query = this.query(event, zone, month, today);
    if (!query) return [];
    const early = this.first?.zone === zone && this.first.month === month ? await this.first.request : undefined;
    return early?.event === event ? early.slots : (await this.fetchSlots(query)).slots;
  }

  /** The first month from `month` on (within the look-ahead) with a slot. */
  async firstMonthWithSlots(event: string, zone: string, month: string, today: string) {
    for (let i = 0; i <= lookahead; i++) {
      const m = addMonths(month, i);
      if ((await this.load(event, zone, m, today)).length) return m;
    }
    return undefined;
  }

  /** Loads the month after `month` when the browser has nothing better to do. */
  prefetch(event: string, zone: string, month: string, today: string): void {
    const next = () => this.load(event, zone, addMonths(month, 1), today).catch(() => undefined);
    'requestIdleCallback' in window ? requestIdleCallback(next) : setTimeout(next, 200);
  }

  /** Drops cached slots, e.g. after a slot was taken meanwhile. */
  clear(): void {
    this.months.clear();
    this.pending.clear();
    this.first = undefined;
  }

  /** The request for a month from today on, or `undefined` when the month is already over. */
  private query(event: string | undefined, zone: string, month: string, today: string): SlotsQuery | undefined {
    const from = `${month}-01` < today ? today : `${month}-01`;
    const to = lastDayOf(month);
    if (to < today) return undefined;
    return { ...(event ? { event } : {}), from, to, timezone: zone, ...(this.answers ? { answers: this.answers } : {}) };
  }
}
