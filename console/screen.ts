import { LitElement, type CSSResultGroup } from 'lit';
import { updateWhenLocaleChanges } from '@lit/localize';
import type { ConsoleApi } from './api.js';
import { Directory } from './directory.js';
import type { Session } from './session.js';
import { styles } from './styles.js';

/** What every screen of the console is given by the shell, and re-renders on: the language. */
export class Screen extends LitElement {
  static override styles: CSSResultGroup = styles;
  static override properties = { api: { attribute: false }, session: { attribute: false }, directory: { attribute: false } };
  declare api: ConsoleApi;
  declare session: Session;
  declare directory: Directory;

  constructor() {
    super();
    this.directory = new Directory();
    updateWhenLocaleChanges(this);
  }

  get isAdmin(): boolean {
    return this.session?.role === 'admin';
  }

  /** Moves focus to the screen's heading once shown, so a screen reader hears where it is. */
  protected focusHeading(): void {
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('h1')?.focus());
  }
}
