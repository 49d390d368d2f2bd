/** Step 1: the page's entries, each with title, duration, location type and description. */
import { LitElement, html } from 'lit';
import { msg, str } from '@lit/localize';
import type { PageEntry } from '../../shared/api-schemas.js';
import { emit } from '../emit.js';

export function locationLabel(type: PageEntry['location']['type']): string {
  return type === 'video'
    ? msg('Video call', { id: 'location.video' })
    : type === 'phone'
      ? msg('Phone call', { id: 'location.phone' })
      : msg('In person', { id: 'location.in_person' });
}

export function entriesHeading(): string {
  return msg('Choose a meeting', { id: 'entry.heading' });
}

export function durationLabel(minutes: number): string {
  return msg(str`${minutes} min`, { id: 'entry.duration' });
}

/** @fires entry - `detail` is the chosen entry. */
export class EntryList extends LitElement {
  static override properties = { entries: { attribute: false }, locale: {} };
  declare entries: PageEntry[];
  declare locale: string;

  protected override createRenderRoot() {
    return this;
  }

  protected override render() {
    return html`<h2 tabindex="-1">${entriesHeading()}</h2>
      <ul class="entries" role="list">
        ${this.entries.map(
          (entry) => html`<li>
            <button part="button entry" class="entry" @click=${() => emit(this, 'entry', entry)}>
              <strong>${entry.title}</strong>
              <span class="meta">${durationLabel(entry.durationMinutes)} · ${locationLabel(entry.location.type)}</span>
              ${entry.description ? html`<span class="description">${entry.description}</span>` : ''}
            </button>
          </li>`,
        )}
      </ul>`;
  }
}
customElements.define('kairos-entry-list', EntryList);
