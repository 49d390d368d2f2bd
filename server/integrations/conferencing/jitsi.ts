/**
 * Jitsi Meet on meet.jit.si: no account and no API; a room exists once someone opens its URL. A
 * room name nobody can guess is the only access control Jitsi has, so it is random, and stays
 * the booking's through every change.
 */
import { randomBytes } from 'node:crypto';
import type { ConferencingProvider, Meeting } from './provider.js';

export function newJitsiUrl(): string {
  return `https://meet.jit.si/kairos-${randomBytes(12).toString('hex')}`;
}

export class JitsiProvider implements ConferencingProvider {
  readonly name = 'jitsi';

  async create(): Promise<Meeting> {
    const joinUrl = newJitsiUrl();
    return { id: joinUrl, joinUrl };
  }

  async update(meeting: Meeting): Promise<Meeting> {
    return meeting;
  }

  async remove(): Promise<void> {}
}
