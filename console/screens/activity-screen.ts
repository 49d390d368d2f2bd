/**
 * `<kc-activity>`: the activity stream (`GET /api/v1/admin/activity`), newest first, with its
 * views, filters and search in the address bar, the person's saved views, CSV export of what is
 * shown, and live updates (`/activity/events`): a new entry that matches comes in at the top.
 */
import { html, css, nothing } from 'lit';
import { msg, str } from '@lit/localize';
import type { ActivityPage, SavedFilter } from '../types.js';
import { bookingStatuses } from '../../shared/booking-status.js';
import { enc, queryString } from '../api.js';
import { dateTime, range, viewerZone, when } from '../format.js';
import { actorLabel, recipientLabel, statusLabel, templateLabel, typeLabel } from '../labels.js';
import { navigate } from '../router.js';
import { Screen } from '../screen.js';

type Entry = ActivityPage['items'][number];

/** The stream's filter parameters, as the address bar and saved views keep them. */
const filterKeys = ['q', 'view', 'status', 'member', 'pool', 'page', 'event', 'from', 'to'] as const;
const PAGE = 30;

export class ActivityScreen extends Screen {
  static override styles = [
    Screen.styles,
    css`
      .views { display: flex; flex-wrap: wrap; gap: 6px; margin-bottom: 12px; }
      .views a { padding: 4px 12px; border: 1px solid var(--_line); border-radius: 999px; text-decoration: none; color: var(--_fg); background: var(--_bg); }
      .views a[aria-current='true'] { background: var(--_accent); border-color: var(--_accent); color: #fff; }
      .saved { display: inline-flex; align-items: center; }
      .saved button { padding: 0 6px; margin-left: -4px; }
      form.filters { display: grid; gap: 8px; grid-template-columns: repeat(auto-fill, minmax(8.5rem, 1fr)); align-items: end; margin-bottom: 12px; }
      .search { grid-column: 1 / -1; }
      .search input { width: 100%; }
      .tools { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; justify-content: space-between; margin-bottom: 8px; }
      ol { list-style: none; margin: 0; padding: 0; display: grid; gap: 6px; }
      li > a, li > div { display: grid; gap: 2px; padding: 10px 12px; background: var(--_bg); border: 1px solid var(--_line); border-radius: var(--_radius); color: var(--_fg); text-decoration: none; }
      li > a:hover { border-color: var(--_accent); }
      li.fresh > a { border-color: var(--_accent); box-shadow: 0 0 0 2px var(--_soft); }
      .head { display: flex; flex-wrap: wrap; gap: 4px 8px; align-items: baseline; }
      .head strong { overflow-wrap: anywhere; }
      .at { margin-left: auto; color: var(--_muted); font-size: 0.9em; white-space: nowrap; }
      .line { color: var(--_muted); font-size: 0.92em; overflow-wrap: anywhere; }
      .filters-toggle { margin-bottom: 8px; }
      form.filters:not(.open) { display: none; }
      @media (min-width: 700px) { .filters-toggle { display: none; } form.filters:not(.open) { display: grid; } }
    `,
  ];
  static override properties = {
    ...Screen.properties,
    query: { attribute: false },
    items: { state: true },
    nextCursor: { state: true },
    loading: { state: true },
    error: { state: true },
    saved: { state: true },
    fresh: { state: true },
    announce: { state: true },
    filtersOpen: { state: true },
  };
  declare query: URLSearchParams;
  declare items: Entry[];
  declare nextCursor: string | null;
  declare loading: boolean;
  declare error: string;
  declare saved: SavedFilter[];
  declare fresh: Set<string>;
  declare announce: string;
  /** On a phone the filters fold away behind a button. */
  declare filtersOpen: boolean;
  private events?: EventSource;
  private refresh?: ReturnType<typeof setTimeout>;
  /** The filter the shown items answer; a late answer to an older one is dropped. */
  private shownFor = '';

  constructor() {
    super();
    this.query = new URLSearchParams();
    this.items = [];
    this.nextCursor = null;
    this.loading = true;
    this.error = '';
    this.saved = [];
    this.fresh = new Set();
    this.announce = '';
    this.filtersOpen = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.loadSaved();
    this.events = new EventSource('/api/v1/admin/activity/events');
    this.events.addEventListener('activity', () => this.scheduleRefresh());
  }

  override disconnectedCallback(): void {
    this.events?.close();
    clearTimeout(this.refresh);
    super.disconnectedCallback();
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('query')) void this.load();
  }

  /** The stream's parameters for the API: the filters, and the viewer's zone for days. */
  private filters(): Record<string, string> {
    const filters: Record<string, string> = {};
    for (const key of filterKeys) {
      const value = this.query.get(key);
      if (value) filters[key] = value;
    }
    if (filters.view === 'today' || filters.from || filters.to) filters.timezone = viewerZone();
    return filters;
  }

  private async load(cursor?: string): Promise<void> {
    const filters = this.filters();
    const key = JSON.stringify(filters);
    this.loading = true;
    this.error = '';
    try {
      const page = await this.api.get<ActivityPage>('admin/activity', { ...filters, limit: PAGE, cursor });
      if (JSON.stringify(this.filters()) !== key) return;
      this.items = cursor ? [...this.items, ...page.items] : page.items;
      this.nextCursor = page.nextCursor;
      if (!cursor) this.fresh = new Set();
      this.shownFor = key;
    } catch (error) {
      this.error = error instanceof Error ? error.message : String(error);
    } finally {
      this.loading = false;
    }
  }

  private scheduleRefresh(): void {
    clearTimeout(this.refresh);
    this.refresh = setTimeout(() => void this.pullNew(), 250);
  }

  /** Live: the first page again, and what it has that is not shown yet on top. */
  private async pullNew(): Promise<void> {
    const filters = this.filters();
    try {
      const page = await this.api.get<ActivityPage>('admin/activity', { ...filters, limit: PAGE });
      if (JSON.stringify(filters) !== this.shownFor) return;
      const shown = new Set(this.items.map((item) => item.id));
      const added = page.items.filter((item) => !shown.has(item.id));
      // Entries already shown keep their place but show their booking as it is now.
      const now = new Map(page.items.map((item) => [item.id, item]));
      this.items = [...added, ...this.items.map((item) => now.get(item.id) ?? item)];
      if (added.length) {
        this.fresh = new Set([...this.fresh, ...added.map((item) => item.id)]);
        this.announce = added.length === 1 ? msg('1 new entry') : msg(str`${added.length} new entries`);
      }
    } catch {
      // The next event tries again; a failed live refresh leaves the list as it was.
    }
  }

  private async loadSaved(): Promise<void> {
    try {
      this.saved = (await this.api.get<{ items: SavedFilter[] }>('admin/filters')).items;
    } catch {
      this.saved = [];
    }
  }

  private go(changes: Record<string, string | undefined>, replace = false): void {
    const next = new URLSearchParams(this.query);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    navigate(`/admin${next.toString() ? `?${next}` : ''}`, replace);
  }

  override render() {
    const view = this.query.get('view') ?? '';
    const requests = view === 'requests';
    return html`
      <h1 tabindex="-1">${requests ? msg('Requests') : msg('Activity')}</h1>
      ${this.viewLinks()}
      ${this.filterForm()}
      <div class="tools">
        <span class="muted" role="status" aria-live="polite">${this.loading ? msg('Loading…') : this.announce}</span>
        <span class="row">
          ${this.saveForm()}
          <a class="button secondary" href=${`/api/v1/admin/activity.csv${queryString(this.filters())}`} download>${msg('Export CSV')}</a>
        </span>
      </div>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${!this.loading && !this.error && this.items.length === 0 ? html`<p class="muted">${Object.keys(this.filters()).length ? msg('Nothing matches.') : msg('Nothing here yet: bookings, and all that happens to them, appear here as they happen.')}</p>` : nothing}
      <ol aria-label=${msg('Activity, newest first')} aria-busy=${this.loading ? 'true' : 'false'}>
        ${this.items.map((entry) => this.entry(entry))}
      </ol>
      ${this.nextCursor
        ? html`<p><button class="secondary" ?disabled=${this.loading} @click=${() => this.load(this.nextCursor!)}>${msg('Show older')}</button></p>`
        : nothing}
    `;
  }

  private viewLinks() {
    const link = (label: string, query: Record<string, string>) => {
      const href = `/admin${queryString(query)}`;
      const current = new URLSearchParams(query).toString() === this.query.toString();
      return html`<a href=${href} aria-current=${current ? 'true' : 'false'}>${label}</a>`;
    };
    return html`<nav class="views" aria-label=${msg('Views')}>
      ${link(msg('All'), {})} ${link(msg('Today'), { view: 'today' })} ${link(msg('Upcoming'), { view: 'upcoming' })}
      ${link(msg('Requests'), { view: 'requests' })}
      ${this.saved.map(
        (filter) => html`<span class="saved">${link(filter.name, withoutZone(filter.query))}<button
            class="link"
            aria-label=${msg(str`Delete the view ${filter.name}`)}
            title=${msg('Delete')}
            @click=${() => this.deleteSaved(filter.id)}
          >×</button></span>`,
      )}
    </nav>`;
  }

  private filterForm() {
    const q = this.query;
    const d = this.directory.data;
    const select = (key: string, label: string, options: { value: string; label: string }[]) =>
      options.length
        ? html`<label>${label}
            <select name=${key} @change=${(e: Event) => this.go({ [key]: (e.target as HTMLSelectElement).value })}>
              <option value="" ?selected=${!q.get(key)}>${msg('Any')}</option>
              ${options.map((o) => html`<option value=${o.value} ?selected=${q.get(key) === o.value}>${o.label}</option>`)}
            </select>
          </label>`
        : nothing;
    const active = filterKeys.filter((k) => k !== 'q' && k !== 'view' && q.get(k)).length;
    return html`<form class="search" role="search" @submit=${(e: Event) => e.preventDefault()}>
        <label>${msg('Search')}
          <input
            type="search"
            name="q"
            .value=${q.get('q') ?? ''}
            placeholder=${msg('Name, email, phone, answer or booking id')}
            @input=${(e: Event) => this.typed((e.target as HTMLInputElement).value)}
          />
        </label>
      </form>
      <button class="secondary filters-toggle" aria-expanded=${this.filtersOpen ? 'true' : 'false'} aria-controls="filters" @click=${() => (this.filtersOpen = !this.filtersOpen)}>
        ${active ? msg(str`Filters (${active})`) : msg('Filters')}
      </button>
      <form id="filters" class="filters ${this.filtersOpen ? 'open' : ''}" aria-label=${msg('Filters')} @submit=${(e: Event) => e.preventDefault()}>
          ${select('status', msg('Status'), bookingStatuses.map((s) => ({ value: s, label: statusLabel(s) })))}
          ${this.isAdmin ? select('member', msg('Member'), d.members.map((m) => ({ value: m.id, label: m.name }))) : nothing}
          ${select('pool', msg('Pool'), d.pools.map((p) => ({ value: p.id, label: p.name })))}
          ${select('page', msg('Page'), d.pages.map((p) => ({ value: p.slug, label: p.title })))}
          ${select('event', msg('Event type'), d.eventTypes.map((e) => ({ value: e.id, label: e.title })))}
          <label>${msg('From')}<input type="date" name="from" .value=${q.get('from') ?? ''} @change=${(e: Event) => this.go({ from: (e.target as HTMLInputElement).value })} /></label>
          <label>${msg('To')}<input type="date" name="to" .value=${q.get('to') ?? ''} @change=${(e: Event) => this.go({ to: (e.target as HTMLInputElement).value })} /></label>
          ${active ? html`<button type="button" class="secondary" @click=${() => this.go(Object.fromEntries(filterKeys.filter((k) => k !== 'q' && k !== 'view').map((k) => [k, undefined])))}>${msg('Clear filters')}</button>` : nothing}
      </form>`;
  }

  private typing?: ReturnType<typeof setTimeout>;
  private typed(value: string): void {
    clearTimeout(this.typing);
    // As typed (trimming would eat the space before the next word): the server splits the words.
    this.typing = setTimeout(() => this.go({ q: value.trim() ? value : undefined }, true), 250);
  }

  private saveForm() {
    const hasFilter = Object.keys(this.filters()).length > 0;
    if (!hasFilter) return nothing;
    return html`<form class="row" @submit=${this.save}>
      <label class="visually-hidden" for="view-name">${msg('Name of the view')}</label>
      <input id="view-name" name="name" maxlength="100" required placeholder=${msg('Name this view')} />
      <button class="secondary" type="submit">${msg('Save view')}</button>
    </form>`;
  }

  private async save(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const input = form.elements.namedItem('name') as HTMLInputElement;
    const name = input.value.trim();
    if (!name) return;
    try {
      const filter = await this.api.post<SavedFilter>('admin/filters', { name, query: this.filters() });
      this.saved = [...this.saved, filter];
      input.value = '';
      this.announce = msg(str`Saved as ${name}.`);
    } catch (error) {
      this.error = error instanceof Error ? error.message : String(error);
    }
  }

  private async deleteSaved(id: string): Promise<void> {
    try {
      await this.api.delete(`admin/filters/${enc(id)}`);
      this.saved = this.saved.filter((f) => f.id !== id);
    } catch (error) {
      this.error = error instanceof Error ? error.message : String(error);
    }
  }

  private entry(entry: Entry) {
    const b = entry.booking;
    const head = html`<span class="head">
      <span class="pill ${entry.type}">${typeLabel(entry.type)}</span>
      <strong>${b ? b.name || msg('(erased)') : ''}</strong>
      ${b ? html`<span>${this.directory.eventTitle(b.event)}</span>` : nothing}
      ${entry.type.startsWith('notification_') ? html`<span class="line">${templateLabel(String(entry.data.template ?? ''))} ${recipientLabel(typeof entry.data.recipient === 'string' ? entry.data.recipient : null)}</span>` : nothing}
      ${entry.type === 'sms_sent' || entry.type === 'sms_failed' ? html`<span class="line">${templateLabel(String(entry.data.template ?? ''))} ${recipientLabel('customer')}</span>` : nothing}
      <span class="at"><time datetime=${entry.at} title=${dateTime(entry.at)}>${when(entry.at)}</time></span>
    </span>`;
    const by = msg(str`by ${actorLabel(entry.actor, this.directory)}`);
    if (!b) return html`<li><div>${head}<span class="line">${by}</span></div></li>`;
    const members = b.members.map((m) => m.name).join(', ');
    return html`<li class=${this.fresh.has(entry.id) ? 'fresh' : ''}>
      <a href=${`/admin/bookings/${enc(b.id)}`}>
        ${head}
        <span class="line">${range(b.start, b.end)}${members ? html` · ${members}` : nothing}</span>
        <span class="line"><span class="pill ${b.status}">${statusLabel(b.status)}</span> ${by}</span>
      </a>
    </li>`;
  }
}

/** A saved query as the address bar keeps it: its days are read in the viewer's zone, now as then. */
function withoutZone(query: SavedFilter['query']): Record<string, string> {
  const { timezone: _zone, ...rest } = query;
  return Object.fromEntries(Object.entries(rest).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

customElements.define('kc-activity', ActivityScreen);
