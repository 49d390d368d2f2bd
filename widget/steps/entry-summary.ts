/**
 * What is being booked: the entry's title (the step's heading), its duration and location, then
 * the details — the page's title when it says more than the entry's, its hosts when the page names
 * them, its description.
 *
 * Where the details go depends on the width, so that the loading frame (which knows none of them)
 * keeps the place of everything: beside the calendar (740 px and wider) they sit in the summary's
 * own column; narrower, the summary's head is above the calendar and the details go with the times
 * (`entryDetails`), whose box reserves room for them. Both are rendered; CSS shows one.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { msg, str } from '@lit/localize';
import type { PageEntry } from '../../shared/api-schemas.js';
import { durationLabel, locationLabel } from './entry-list.js';

/** What the date step shows of the event being booked or moved. */
export type DateStepEntry = Pick<PageEntry, 'event' | 'title' | 'durationMinutes'> &
  Partial<Pick<PageEntry, 'description' | 'location' | 'seats' | 'hosts'>>;

export function entrySummary(entry: DateStepEntry, locale: string, pageTitle?: string, allMeetings?: () => void): TemplateResult {
  return html`<div class="summary-panel">
    ${allMeetings
      ? html`<button part="button back" class="link" @click=${allMeetings}>${msg('All meetings', { id: 'date.allMeetings' })}</button>`
      : nothing}
    <h2 tabindex="-1">${entry.title}</h2>
    <p class="meta">${durationLabel(entry.durationMinutes)}${entry.location ? ` · ${locationLabel(entry.location.type)}` : ''}</p>
    ${entryDetails(entry, locale, pageTitle)}
  </div>`;
}

/** "With Ana and Bo": who the visitor meets — the entry's hosts, or the colleague a chosen slot is handed over to. */
export function withHosts(names: string): string {
  return msg(str`With ${names}`, { id: 'date.hosts' });
}

/** The summary's details: what the loading frame cannot know the size of. */
export function entryDetails(entry: DateStepEntry, locale: string, pageTitle?: string): TemplateResult | typeof nothing {
  const names = entry.hosts?.length ? new Intl.ListFormat(locale, { type: 'conjunction' }).format(entry.hosts.map((h) => h.name)) : '';
  const title = pageTitle && pageTitle !== entry.title ? pageTitle : '';
  if (!title && !names && !entry.description) return nothing;
  return html`<div class="entry-details">
    ${title ? html`<p class="meta page-title">${title}</p>` : nothing}
    ${names ? html`<p class="meta">${withHosts(names)}</p>` : nothing}
    ${entry.description ? html`<p class="description">${entry.description}</p>` : nothing}
  </div>`;
}
