/** `mode="popup"` and `window.Kairos.open()`: a real modal dialog. */
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { find, until, widget } from './widget-driver.js';

describe('popup', () => {
  it('renders a labelled launcher that opens a modal dialog and gives focus back on Escape', async () => {
    const el = await widget({ page: 'solo', mode: 'popup', label: 'Talk to us', locale: 'en-US' });
    const launcher = find<HTMLButtonElement>(el, '[part~="launcher"]')!;
    expect(launcher.textContent).to.equal('Talk to us');
    const dialog = find<HTMLDialogElement>(el, 'dialog')!;
    expect(dialog.open).to.equal(false);
    launcher.focus();
    launcher.click();
    await until(() => dialog.open, 'the dialog to open');
    expect(dialog.matches(':modal')).to.equal(true);
    expect(dialog.contains(el.shadowRoot!.activeElement)).to.equal(true);
    await sendKeys({ press: 'Escape' });
    await until(() => !dialog.open, 'the dialog to close');
    expect(el.shadowRoot!.activeElement).to.equal(launcher);
  });

  it('opens and closes through el.open() and el.close(), and on the close button', async () => {
    const el = await widget({ page: 'solo', mode: 'popup', locale: 'en-US' });
    const dialog = find<HTMLDialogElement>(el, 'dialog')!;
    el.open();
    await until(() => dialog.open, 'the dialog to open');
    el.close();
    expect(dialog.open).to.equal(false);
    el.open();
    await until(() => dialog.open, 'the dialog to open again');
    find<HTMLButtonElement>(el, '[part~="close"]')!.click();
    expect(dialog.open).to.equal(false);
  });

  it('window.Kairos.open() opens a popup for a page without any markup', async () => {
    const outside = await fixture<HTMLButtonElement>(html`<button>outside</button>`);
    outside.focus();
    const el = window.Kairos.open({ page: 'solo', prefill: { name: 'Kim' } });
    await oneEvent(el, 'kairos-ready');
    const dialog = await until(() => find<HTMLDialogElement>(el, 'dialog[open]'), 'the dialog');
    expect(find(el, '[part~="launcher"]')).to.equal(null);
    expect(window.Kairos.open({ page: 'solo' })).to.equal(el);
    dialog.close();
    expect(document.activeElement).to.equal(outside);
    el.remove();
  });
});
