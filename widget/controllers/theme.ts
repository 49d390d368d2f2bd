/**
 * A page's theme (its `--kairos-*` custom properties) on the widget, as a `:host` rule in a
 * constructed stylesheet the shadow root adopts. A `<style>` element would read the same, but a
 * site whose Content-Security-Policy allows no inline style (the manage and booking pages Kairos
 * serves are such sites) blocks it; adopted stylesheets are not subject to `style-src`. As a
 * `:host` rule it still yields to the site's own CSS for `kairos-booking`.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export class ThemeController implements ReactiveController {
  private readonly sheet = new CSSStyleSheet();
  private css = '';

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly theme: () => Record<string, string> | undefined,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    const root = this.host.shadowRoot;
    if (root && !root.adoptedStyleSheets.includes(this.sheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, this.sheet];
  }

  hostUpdate(): void {
    const properties = Object.entries(this.theme() ?? {})
      .map(([k, v]) => `${k.startsWith('--') ? k : `--kairos-${k}`}:${v.replace(/[;{}<]/g, '')}`)
      .join(';');
    const css = properties ? `:host{${properties}}` : '';
    if (css !== this.css) this.sheet.replaceSync((this.css = css));
  }
}
