/**
 * The visitor's zone, shown with its current UTC offset and changeable through a search. The list
 * of zones and their offsets is built only when the picker is opened: ~400 formatters are not free.
 */
import { LitElement, html } from 'lit';
import { msg, str } from '@lit/localize';
import { emit } from './emit.js';
import { zoneOffset } from './time-format.js';
import { currentZoneName } from '../shared/time-zones.js';

interface ZoneOption {
  zone: string;
  offset: string;
  search: string;
}

let options: ZoneOption[] | undefined;

let optionsLocale = '';

/** Offsets as the visitor's locale writes them; the search also finds the English "GMT+9". */
function zoneOptions(now: number, locale: string): ZoneOption[] {
  if (!options || optionsLocale !== locale) {
    optionsLocale = locale;
    options = Intl.supportedValuesOf('timeZone').map((known) => {
      const zone = currentZoneName(known);
      const offset = zoneOffset(zone, now, locale);
      return { zone, offset, search: `${zone} ${known} ${offset} ${zoneOffset(zone, now)}`.toLowerCase().replace(/_/g, ' ') };
    });
  }
  return options;
}

const cityOf = (zone: string) => zone.split('/').pop()!.replace(/_/g, ' ');

/** @fires zone - `detail` is the chosen IANA zone. */
export class TimezonePicker extends LitElement {
  static override properties = { zone: {}, locale: {}, open: { state: true }, query: { state: true } };
  declare zone: string;
  declare locale: string;
  declare open: boolean;
  declare query: string;

  constructor() {
    super();
    this.open = false;
    this.query = '';
  }

  protected override createRenderRoot() {
    return this;
  }

  protected override render() {
    const current = `${cityOf(this.zone)} (${zoneOffset(this.zone, Date.now(), this.locale)})`;
    return html`<div class="zone">
      <button part="button zone-button" class="link" aria-expanded=${this.open ? 'true' : 'false'} aria-controls="zone-search"
        @click=${this.toggle}>${msg(str`Time zone: ${current}`, { id: 'zone.current' })}</button>
      ${this.open ? this.renderSearch() : ''}
    </div>`;
  }

  private renderSearch() {
    const words = this.query.toLowerCase().trim().split(/\s+/);
    const found = zoneOptions(Date.now(), this.locale)
      .filter((o) => words.every((w) => o.search.includes(w)))
      .slice(0, 40);
    return html`<div id="zone-search" class="zone-search">
      <label for="zone-query">${msg('Search time zones', { id: 'zone.search' })}</label>
      <input id="zone-query" part="field" type="search" autocomplete="off" .value=${this.query}
        @input=${(e: Event) => (this.query = (e.target as HTMLInputElement).value)}
        @keydown=${(e: KeyboardEvent) => e.key === 'Escape' && this.toggle()} />
      <ul class="zone-list" role="list">
        ${found.map(
          (o) => html`<li><button class="zone-option" lang="en" aria-current=${o.zone === this.zone ? 'true' : 'false'}
            @click=${() => this.choose(o.zone)}>${o.zone.replace(/_/g, ' ')} <span class="offset">${o.offset}</span></button></li>`,
        )}
      </ul>
      ${found.length ? '' : html`<p>${msg('No time zone matches.', { id: 'zone.none' })}</p>`}
    </div>`;
  }

  private async toggle() {
    this.open = !this.open;
    this.query = '';
    await this.updateComplete;
    (this.querySelector<HTMLElement>(this.open ? '#zone-query' : '.zone .link'))?.focus();
  }

  private choose(zone: string): void {
    emit(this, 'zone', zone);
    void this.toggle();
  }
}
customElements.define('kairos-timezone-picker', TimezonePicker);
