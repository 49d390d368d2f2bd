import { describe, expect, it } from 'vitest';
import type { Rule } from '../../server/config/schema.js';
import { route } from '../../server/engine/index.js';

const rules: Rule[] = [
  { event: 'demo', when: { field: 'country', in: ['FR', 'BE'] }, host: { pool: 'emea' } },
  { when: { field: 'company', contains: 'acme' }, host: { member: 'ana' } },
  { when: { field: 'size', equals: '1' }, refuse: { en: 'We only meet teams.', fr: 'Nous ne rencontrons que des équipes.' } },
  { when: { field: 'partner', equals: 'true' }, host: { panel: [{ member: 'ana' }, { pool: 'se' }] } },
];

describe('routing rules', () => {
  it('routes by `in` to the rule’s host', () => {
    expect(route(rules, 'demo', { country: 'BE' })).toEqual({ kind: 'host', host: { pool: 'emea' } });
  });

  it('skips a rule limited to another event', () => {
    expect(route(rules, 'call', { country: 'FR' })).toEqual({ kind: 'default' });
  });

  it('routes by `contains`, ignoring case', () => {
    expect(route(rules, 'demo', { company: 'ACME Corp' })).toEqual({ kind: 'host', host: { member: 'ana' } });
  });

  it('refuses with the rule’s message', () => {
    expect(route(rules, 'demo', { size: '1' })).toEqual({ kind: 'refuse', message: rules[2].refuse });
  });

  it('compares `equals` exactly', () => {
    expect(route(rules, 'demo', { size: '10' })).toEqual({ kind: 'default' });
  });

  it('reads a checkbox answer as "true" or "false"', () => {
    expect(route(rules, 'demo', { partner: true })).toEqual({ kind: 'host', host: rules[3].host });
    expect(route(rules, 'demo', { partner: false })).toEqual({ kind: 'default' });
  });

  it('takes the first matching rule', () => {
    expect(route(rules, 'demo', { country: 'FR', company: 'acme' })).toEqual({ kind: 'host', host: { pool: 'emea' } });
  });

  it('never matches a missing answer', () => {
    expect(route(rules, 'demo', {})).toEqual({ kind: 'default' });
  });

  it('requires every condition of one rule to hold', () => {
    const both: Rule[] = [{ when: { field: 'country', in: ['FR', 'DE'], equals: 'FR' }, host: { member: 'ana' } }];
    expect(route(both, 'demo', { country: 'FR' }).kind).toBe('host');
    expect(route(both, 'demo', { country: 'DE' }).kind).toBe('default');
  });
});
