/**
 * The visitor's zone, by its name in their language ("Pacific Time") with its current offset, and
 * changeable through a search by name, city, country, abbreviation or offset; beside it, the
 * 12/24-hour switch. The zone index (zone-index.ts) is a chunk of its own, loaded when the picker
 * first opens: most visitors never open it.
 *
 * @fires zone - `detail` is the chosen IANA zone.
 * @fires hour-cycle - `detail` is the clock chosen with the switch (`h12` or `h23`).
 */
import { LitElement, html } from 'lit';
import { msg, str } from '@lit/localize';
import { bundleUrl } from './bundle-url.js';
import { emit } from './emit.js';
import { localeHourCycle } from './hour-cycle.js';
import { zoneOffset, type HourCycle } from './time-format.js';
import { currentZoneName } from '../shared/time-zones.js';
import type * as ZoneIndex from './zone-index.js';

let index: Promise<typeof ZoneIndex> | undefined;

const loadIndex = () => (index ??= import(/* @vite-ignore */ new URL('zone-index.js', bundleUrl).href));

/** "Pacific Time" (or "heure du Pacifique nord-américain"): how `locale` names `zone` all year round. */
export function zoneName(zone: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: 'longGeneric' }).formatToParts(Date.now()).find((p) => p.type === 'timeZoneName')!.value;
}

/** The regions the visitor most likely lives in: their browser's language's, then the widget's. */
function likelyRegions(locale: string): string[] {
  return [navigator.language, locale].map((tag) => new Intl.Locale(tag).maximize().region ?? '');
}

export class TimezonePicker extends LitElement {
  static override properties = {
    zone: {},
    locale: {},
    hourCycle: {},
    open: { state: true },
    query: { state: true },
    groups: { state: true },
  };
  declare zone: string;
  declare locale: string;
  /** The clock times are shown in; undefined is the locale's. */
  declare hourCycle: HourCycle;
  declare open: boolean;
  declare query: string;
  declare groups?: ZoneIndex.ZoneGroup[];
  private search?: typeof ZoneIndex.searchZones;

  constructor() {
    super();
    this.open = false;
    this.query = '';
  }

  protected override createRenderRoot() {
    return this;
  }

  protected override render() {
    const current = `${zoneName(this.zone, this.locale)} (${zoneOffset(this.zone, Date.now(), this.locale)})`;
    const cycle = this.hourCycle ?? localeHourCycle(this.locale);
    return html`<div class="zone">
      <div class="zone-row">
        <button part="button zone-button" class="link" aria-expanded=${this.open ? 'true' : 'false'} aria-controls="zone-search"
          @click=${this.toggle}>${msg(str`Time zone: ${current}`, { id: 'zone.current' })}</button>
        <span class="clock" role="group" aria-label=${msg('Time format', { id: 'zone.clock' })}>${(['h12', 'h23'] as const).map(
          (c) => html`<button part="button clock" aria-pressed=${c === cycle ? 'true' : 'false'}
            @click=${() => emit(this, 'hour-cycle', c)}>${c === 'h12' ? '12h' : '24h'}</button>`,
        )}</span>
      </div>
      ${this.open ? this.renderSearch() : ''}
    </div>`;
  }

  private renderSearch() {
    const found = this.groups && this.search!(this.groups, this.query, likelyRegions(this.locale), this.zone);
    const now = Date.now();
    return html`<div id="zone-search" class="zone-search">
      <label for="zone-query">${msg('Search time zones', { id: 'zone.search' })}</label>
      <input id="zone-query" part="field" type="search" autocomplete="off" .value=${this.query}
        @input=${(e: Event) => (this.query = (e.target as HTMLInputElement).value)}
        @keydown=${(e: KeyboardEvent) => e.key === 'Escape' && this.toggle()} />
      <ul class="zone-list" role="list" aria-busy=${found ? 'false' : 'true'}>
        ${(found ?? []).map(
          (g) => html`<li><button class="zone-option" aria-current=${g.zones.includes(this.zone) ? 'true' : 'false'}
            @click=${() => this.choose(g.zones.includes(this.zone) ? this.zone : g.zone)}>
            <span class="zone-name">${g.name}</span> <span class="offset">${zoneOffset(g.zone, now, this.locale)}</span>
            <span class="cities" lang="en">${g.cities.slice(0, 3).join(', ')}</span></button></li>`,
        )}
      </ul>
      ${found && !found.length ? html`<p>${msg('No time zone matches.', { id: 'zone.none' })}</p>` : ''}
    </div>`;
  }

  private async toggle() {
    this.open = !this.open;
    this.query = '';
    // The index keeps the rows of each locale it built: asking again is free, and follows a new locale.
    if (this.open) void this.loadGroups();
    await this.updateComplete;
    (this.querySelector<HTMLElement>(this.open ? '#zone-query' : '.zone .link'))?.focus();
  }

  private async loadGroups(): Promise<void> {
    try {
      const { zoneGroups, searchZones } = await loadIndex();
      this.search = searchZones;
      this.groups = zoneGroups(Intl.supportedValuesOf('timeZone').map(currentZoneName), Date.now(), this.locale);
    } catch {
      index = undefined;
      this.groups = [];
    }
  }

  private choose(zone: string): void {
    emit(this, 'zone', zone);
    void this.toggle();
  }
}
customElements.define('kairos-timezone-picker', TimezonePicker);
