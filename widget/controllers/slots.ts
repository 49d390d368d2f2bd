/**
 * The slots of an entry, a month at a time in the visitor's zone: cached, shared between the grid
 * and the slot list, prefetched for the next month when the browser is idle.
 */
import type { ReactiveControllerHost } from 'lit';
import type { SlotsResponse } from '../../server/api/schemas.js';
import type { SlotsQuery } from '../api-client.js';
import { addMonths, lastDayOf } from '../calendar-month.js';

export type Slot = SlotsResponse['slots'][number];

/** How far ahead "next available" looks, in months. */
const lookahead = 6;

export class SlotsController {
  private months = new Map<string, Slot[]>();
  private pending = new Map<string, Promise<Slot[]>>();

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly fetchSlots: (q: SlotsQuery) => Promise<SlotsResponse>,
  ) {
  }

  /** The month's slots once loaded, else `undefined` (loading or not asked yet). */
  get(event: string, zone: string, month: string): Slot[] | undefined {
    return this.months.get(`${event}|${zone}|${month}`);
  }

  load(event: string, zone: string, month: string, today: string): Promise<Slot[]> {
    const key = `${event}|${zone}|${month}`;
    const known = this.months.get(key);
    if (known) return Promise.resolve(known);
    let request = this.pending.get(key);
    if (!request) {
      const from = `${month}-01` < today ? today : `${month}-01`;
      const to = lastDayOf(month);
      request = (to < today ? Promise.resolve({ slots: [] as Slot[] }) : this.fetchSlots({ event, from, to, timezone: zone })).then(
        ({ slots }) => {
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

  /** The first month from `month` on (within the look-ahead) whose slots pass `keep`. */
  async firstMonthWithSlots(event: string, zone: string, month: string, today: string, keep: (s: Slot) => boolean) {
    for (let i = 0; i <= lookahead; i++) {
      const m = addMonths(month, i);
      if ((await this.load(event, zone, m, today)).some(keep)) return m;
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
  }
}
