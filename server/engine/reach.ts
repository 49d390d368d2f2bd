import { DAY } from './zoned-time.js';

/**
 * How far around a range of starts the engine looks: a weekly cap counts the bookings of the
 * start's whole week, and buffers and day windows reach past the range's ends. A state loaded for
 * a range (`EngineState.covers`) holds at least this much more on each side.
 */
export const REACH = 8 * DAY;
