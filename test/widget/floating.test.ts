/** `mode="floating"`: a real button fixed in a corner of the window, opening the booking dialog. */
import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { find, until, widget } from './widget-driver.js';

describe('floating button', () => {
  it('is a labelled button fixed at the bottom right that takes no room in the page', async () => {
    const el = await widget({ page: 'solo', mode: 'floating', label: 'Book a call', locale: 'en-US' });
    const button = find<HTMLButtonElement>(el, '[part~="launcher"]')!;
    expect(button.tagName).to.equal('BUTTON');
    expect(button.textContent!.trim()).to.equal('Book a call');
    expect(getComputedStyle(button).position).to.equal('fixed');
    const box = button.getBoundingClientRect();
    expect(Math.round(innerWidth - box.right)).to.equal(20);
    expect(Math.round(innerHeight - box.bottom)).to.equal(20);
    expect(el.getBoundingClientRect().height).to.equal(0);
  });

  it('sits at the bottom left when asked', async () => {
    const el = await widget({ page: 'solo', mode: 'floating', position: 'bottom-left', locale: 'en-US' });
    const button = find<HTMLButtonElement>(el, '[part~="launcher"]')!;
    expect(button.textContent!.trim()).to.equal('Book a meeting');
    expect(Math.round(button.getBoundingClientRect().left)).to.equal(20);
  });

  it('opens the modal dialog from the keyboard and gives focus back to itself on close', async () => {
    const el = await widget({ page: 'solo', mode: 'floating', locale: 'en-US' });
    const button = find<HTMLButtonElement>(el, '[part~="launcher"]')!;
    button.focus();
    await sendKeys({ press: 'Enter' });
    const dialog = await until(() => find<HTMLDialogElement>(el, 'dialog[open]'), 'the dialog');
    expect(dialog.matches(':modal')).to.equal(true);
    expect(button.getAttribute('aria-haspopup')).to.equal('dialog');
    find<HTMLButtonElement>(el, '[part~="close"]')!.click();
    expect(dialog.open).to.equal(false);
    expect(el.shadowRoot!.activeElement).to.equal(button);
    el.open();
    await until(() => dialog.open, 'the dialog through el.open()');
    await sendKeys({ press: 'Escape' });
    await until(() => !dialog.open, 'the dialog to close');
  });
});
