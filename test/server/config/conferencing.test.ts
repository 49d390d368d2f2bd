/** The config's conferencing settings: a provider per event type, a reference per member, never a secret. */
import { describe, expect, it } from 'vitest';
import { configSchema } from '../../../server/config/schema.js';

const base = {
  members: [{ id: 'ana', name: 'Ana', email: 'ana@example.com', timezone: 'UTC' }],
  eventTypes: [{ id: 'demo', title: 'Demo', durationMinutes: 30 }],
};
const withConferencing = (event: object, member: object = {}) =>
  configSchema.safeParse({ members: [{ ...base.members[0], ...member }], eventTypes: [{ ...base.eventTypes[0], ...event }] });

describe('conferencing in the config', () => {
  it('takes a provider and a fallback location per event type, and who each member is there', () => {
    const parsed = withConferencing({ conferencing: { provider: 'teams', fallback: { type: 'phone', number: '+1 555 0100' } } }, { conferencing: { teams: 'ana@contoso.com', zoom: 'zoom-ana' } });
    expect(parsed.success).toBe(true);
    expect(parsed.data!.eventTypes[0]!.conferencing).toEqual({ provider: 'teams', fallback: { type: 'phone', number: '+1 555 0100' } });
    expect(parsed.data!.members[0]!.conferencing).toEqual({ teams: 'ana@contoso.com', zoom: 'zoom-ana' });
  });

  it('refuses a provider it does not know, and a member reference for one without accounts', () => {
    expect(withConferencing({ conferencing: { provider: 'skype' } }).success).toBe(false);
    expect(withConferencing({}, { conferencing: { jitsi: 'x' } }).success).toBe(false);
  });

  it('has no place for a secret: anything else in the settings is refused', () => {
    expect(withConferencing({ conferencing: { provider: 'zoom', clientSecret: 'shh' } }).success).toBe(false);
  });
});
