import { describe, expect, it } from 'vitest';
import { pickText } from '../../../server/config/localized-text.js';

describe('picking a config text for a reader', () => {
  it('takes the exact tag, whatever its case', () => {
    expect(pickText({ 'pt-BR': 'Olá', pt: 'Olá (pt)' }, 'pt-br')).toBe('Olá');
  });

  it('takes the bare language before another region of it', () => {
    expect(pickText({ 'en-US': 'Color', en: 'Colour' }, 'en-GB')).toBe('Colour');
    expect(pickText({ 'pt-PT': 'Reunião (PT)', pt: 'Reunião' }, 'pt-BR')).toBe('Reunião');
  });

  it('takes another region of the language when the text has no bare language', () => {
    expect(pickText({ 'fr-CA': 'Rencontre', de: 'Treffen' }, 'fr')).toBe('Rencontre');
  });

  it('falls back to the page’s locale, then English, then whatever there is', () => {
    expect(pickText({ nl: 'Demo (nl)', en: 'Demo' }, 'ja', 'nl')).toBe('Demo (nl)');
    expect(pickText({ de: 'Demo (de)', en: 'Demo' }, 'ja')).toBe('Demo');
    expect(pickText({ de: 'Demo (de)' }, 'ja')).toBe('Demo (de)');
    expect(pickText('Demo', 'ja')).toBe('Demo');
    expect(pickText(undefined, 'ja')).toBe('');
  });
});
