/**
 * `<kairos-console>`: the team console's shell. It learns who is signed in
 * (`GET /api/v1/auth/session`), shows the sign-in form to anyone who is not, and otherwise the
 * navigation and the screen the address names (see `router.ts`). Screens get the API client,
 * the session and the directory as properties.
 */
import { LitElement, html, css, nothing } from 'lit';
import { msg, updateWhenLocaleChanges } from '@lit/localize';
import { ApiFailure, ConsoleApi } from './api.js';
import { Directory } from './directory.js';
import { followLinks, routeOf, type Route } from './router.js';
import { styles } from './styles.js';
import type { Session } from './session.js';
import './screens/sign-in-screen.js';
import './screens/activity-screen.js';
import './screens/booking-screen.js';
import './screens/customers-screen.js';
import './screens/team-screen.js';
import './screens/member-screen.js';
import './screens/pool-screen.js';
import './screens/book-screen.js';
import './screens/account-screen.js';

export class KairosConsole extends LitElement {
  static override styles = [
    styles,
    css`
      :host { min-height: 100vh; background: color-mix(in srgb, var(--_fg) 3%, var(--_bg)); }
      header { background: var(--_bg); border-bottom: 1px solid var(--_line); }
      .bar { max-width: 72rem; margin: 0 auto; padding: 8px 16px; display: flex; flex-wrap: wrap; align-items: center; gap: 4px 20px; }
      .brand { font-weight: 700; color: var(--_fg); text-decoration: none; }
      nav { min-width: 0; max-width: 100%; }
      nav ul { display: flex; flex-wrap: wrap; gap: 0 16px; list-style: none; margin: 0; padding: 0; }
      nav a { display: inline-block; padding: 6px 0; color: var(--_fg); text-decoration: none; border-bottom: 2px solid transparent; white-space: nowrap; }
      nav a[aria-current='page'] { border-bottom-color: var(--_accent); font-weight: 600; }
      .who { margin-left: auto; color: var(--_muted); font-size: 0.9em; }
      main { max-width: 72rem; margin: 0 auto; padding: 16px; }
      @media (max-width: 600px) { .who { display: none; } main { padding: 12px 8px; } }
    `,
  ];

  static override properties = { session: { state: true }, route: { state: true }, failed: { state: true } };

  private readonly api = new ConsoleApi();
  declare session: Session | null | undefined;
  declare route: Route;
  declare failed: string;
  private directory = new Directory();

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    this.session = undefined;
    this.route = routeOf(location);
    this.failed = '';
  }

  private readonly onNavigate = () => {
    this.route = routeOf(location);
    window.scrollTo(0, 0);
  };

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('popstate', this.onNavigate);
    window.addEventListener('kairos-navigate', this.onNavigate);
    followLinks(this.renderRoot);
    void this.loadSession();
  }

  override disconnectedCallback(): void {
    window.removeEventListener('popstate', this.onNavigate);
    window.removeEventListener('kairos-navigate', this.onNavigate);
    super.disconnectedCallback();
  }

  private async loadSession(): Promise<void> {
    try {
      const session = await this.api.get<Session>('auth/session');
      this.api.csrf = session.csrf;
      this.directory = await Directory.load(this.api);
      this.session = session;
    } catch (error) {
      if (error instanceof ApiFailure && error.status === 401) this.session = null;
      else this.failed = error instanceof Error ? error.message : String(error);
    }
  }

  override render() {
    if (this.failed) return html`<main><p class="error" role="alert">${msg('The console could not reach the server.')} ${this.failed}</p></main>`;
    if (this.session === undefined) return html`<main><p class="muted" aria-busy="true">${msg('Loading…')}</p></main>`;
    if (this.session === null) return html`<main><kc-sign-in .api=${this.api}></kc-sign-in></main>`;
    return html`${this.header()}<main id="main">${this.screen()}</main>`;
  }

  private header() {
    const admin = this.session!.role === 'admin';
    const route = this.route;
    const view = route.screen === 'activity' ? route.query.get('view') : null;
    const link = (href: string, label: string, current: boolean) =>
      html`<li><a href=${href} aria-current=${current ? 'page' : nothing}>${label}</a></li>`;
    return html`<header>
      <div class="bar">
        <a class="brand" href="/admin">Kairos</a>
        <nav aria-label=${msg('Console')}>
          <ul>
            ${link('/admin', msg('Activity'), route.screen === 'activity' && view !== 'requests')}
            ${link('/admin?view=requests', msg('Requests'), route.screen === 'activity' && view === 'requests')}
            ${admin
              ? link('/admin/team', msg('Team'), route.screen === 'team' || route.screen === 'pool' || route.screen === 'member')
              : link(`/admin/members/${encodeURIComponent(this.session!.person.id)}`, msg('My schedule'), route.screen === 'member')}
            ${link('/admin/book', msg('Book'), route.screen === 'book')}
            ${admin ? link('/admin/customers', msg('Customers'), route.screen === 'customers') : nothing}
            ${link('/admin/account', msg('Account'), route.screen === 'account')}
          </ul>
        </nav>
        <span class="who">${this.session!.person.name ?? this.session!.person.email ?? ''}</span>
      </div>
    </header>`;
  }

  private screen() {
    const common = { api: this.api, session: this.session!, directory: this.directory };
    const route = this.route;
    switch (route.screen) {
      case 'booking':
        return html`<kc-booking .api=${common.api} .session=${common.session} .directory=${common.directory} .bookingId=${route.id}></kc-booking>`;
      case 'book':
        return html`<kc-book .api=${common.api} .session=${common.session} .directory=${common.directory}></kc-book>`;
      case 'customers':
        return html`<kc-customers .api=${common.api} .session=${common.session}></kc-customers>`;
      case 'member':
        return html`<kc-member .api=${common.api} .session=${common.session} .directory=${common.directory} .memberId=${route.id}></kc-member>`;
      case 'pool':
        return html`<kc-pool .api=${common.api} .session=${common.session} .directory=${common.directory} .poolId=${route.id}></kc-pool>`;
      case 'team':
        return html`<kc-team .api=${common.api} .session=${common.session} .directory=${common.directory}></kc-team>`;
      case 'account':
        return html`<kc-account .api=${common.api} .session=${common.session}></kc-account>`;
      default:
        return html`<kc-activity .api=${common.api} .session=${common.session} .directory=${common.directory} .query=${route.query}></kc-activity>`;
    }
  }
}
