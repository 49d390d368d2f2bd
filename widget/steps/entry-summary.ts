/**
 * What is being booked, beside the calendar (above it on narrow widths): the page's title when it
 * says more than the entry's, the entry's title (the step's heading), its duration and location,
 * its hosts when the page names them, and its description.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { msg, str } from '@lit/localize';
import type { PageEntry } from '../../shared/api-schemas.js';
import { durationLabel, locationLabel } from './entry-list.js';

/** What the date step shows of the event being booked or moved. */
export type DateStepEntry = Pick<PageEntry, 'event' | 'title' | 'durationMinutes'> &
  Partial<Pick<PageEntry, 'description' | 'location' | 'seats' | 'hosts'>>;

export function entrySummary(entry: DateStepEntry, locale: string, pageTitle?: string, allMeetings?: () => void): TemplateResult {
  const names = entry.hosts?.length ? new Intl.ListFormat(locale, { type: 'conjunction' }).format(entry.hosts.map((h) => h.name)) : '';
  return html`<div class="summary-panel">
    ${allMeetings
      ? html`<button part="button back" class="link" @click=${allMeetings}>${msg('All meetings', { id: 'date.allMeetings' })}</button>`
      : nothing}
    ${pageTitle && pageTitle !== entry.title ? html`<p class="meta">${pageTitle}</p>` : nothing}
    <h2 tabindex="-1">${entry.title}</h2>
    <p class="meta">${durationLabel(entry.durationMinutes)}${entry.location ? ` · ${locationLabel(entry.location.type)}` : ''}</p>
    ${names ? html`<p class="meta">${msg(str`With ${names}`, { id: 'date.hosts' })}</p>` : nothing}
    ${entry.description ? html`<p class="description">${entry.description}</p>` : nothing}
  </div>`;
}
