/**
 * A course's picks on the date step: the times chosen so far (each removable), how many of how
 * many, and the way on once enough are chosen. Also the sessions a choice stands for, as a list,
 * for the form's summary, the confirmation and the manage page.
 */
import { html, type TemplateResult } from 'lit';
import { msg, str } from '@lit/localize';
import type { Slot } from '../controllers/slots.js';
import { formatWhen, type HourCycle } from '../time-format.js';

export interface Clock {
  locale: string;
  zone: string;
  hourCycle: HourCycle;
}

/** Each session's time in the visitor's zone, in order. */
export function sessionList<S extends { start: string; end: string }>(sessions: readonly S[], c: Clock, item?: (s: S, i: number) => unknown): TemplateResult {
  return html`<ol class="sessions">${sessions.map((s, i) => html`<li>${formatWhen(s.start, s.end, c.locale, c.zone, c.hourCycle)}${item?.(s, i)}</li>`)}</ol>`;
}

export function sessionPicks(picks: readonly Slot[], count: number, ready: boolean, c: Clock, remove: (slot: Slot) => void, next: () => void): TemplateResult {
  const chosen = picks.length;
  // One line each: the template's text is shipped as written.
  return html`<div class="picks notice"><p role="status">${msg(str`${chosen} of ${count} chosen`, { id: 'picks.count' })}</p>${sessionList(picks, c, (slot) =>
    html` <button class="secondary" aria-label=${msg('Remove', { id: 'picks.remove' })} @click=${() => remove(slot)}>×</button>`)}<button part="button" ?disabled=${!ready} @click=${next}>${msg('Continue', { id: 'picks.continue' })}</button></div>`;
}
