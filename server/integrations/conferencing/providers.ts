/**
 * The conferencing providers this process can use, from its environment: each provider's app
 * credentials (`KAIROS_ZOOM_CLIENT_SECRET`, …) live there and nowhere else — never in the config
 * file, its export or the database. A provider whose variables are not all set is left out: its
 * bookings get the event type's fallback location (`booking/set-up-meeting.ts`).
 *
 * `KAIROS_<PROVIDER>_*_URL` move a provider's endpoints (a regional Zoom, a national Microsoft
 * cloud, or a local fake in tests).
 */
import { GoogleMeetProvider } from './google-meet.js';
import { GoToMeetingProvider } from './goto-meeting.js';
import type { AccountProviderName } from '../../../shared/conferencing-providers.js';
import type { ConferencingProvider } from './provider.js';
import { TeamsProvider } from './teams.js';
import { WebexProvider } from './webex.js';
import { ZoomProvider } from './zoom.js';


/** The variables each provider needs, all of them, for it to be used. */
export const requiredSettings: Record<AccountProviderName, string[]> = {
  zoom: ['KAIROS_ZOOM_ACCOUNT_ID', 'KAIROS_ZOOM_CLIENT_ID', 'KAIROS_ZOOM_CLIENT_SECRET'],
  teams: ['KAIROS_TEAMS_TENANT_ID', 'KAIROS_TEAMS_CLIENT_ID', 'KAIROS_TEAMS_CLIENT_SECRET'],
  meet: ['KAIROS_GOOGLE_CLIENT_ID', 'KAIROS_GOOGLE_CLIENT_SECRET', 'KAIROS_GOOGLE_REFRESH_TOKEN'],
  webex: ['KAIROS_WEBEX_CLIENT_ID', 'KAIROS_WEBEX_CLIENT_SECRET', 'KAIROS_WEBEX_REFRESH_TOKEN'],
  goto: ['KAIROS_GOTO_CLIENT_ID', 'KAIROS_GOTO_CLIENT_SECRET', 'KAIROS_GOTO_REFRESH_TOKEN'],
};

export interface ProviderOptions {
  now: () => number;
  /** Per call; `provider-api.ts` has the default. */
  timeoutMs?: number;
}

/** The providers with an account that this environment sets up, by name (Jitsi needs none: see `jitsi.ts`). */
export function conferencingProviders(env: Record<string, string | undefined>, options: ProviderOptions): Map<string, ConferencingProvider> {
  const providers = new Map<string, ConferencingProvider>();
  const common = { now: options.now, ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}) };
  const set = (name: keyof typeof requiredSettings) => requiredSettings[name].every((key) => env[key]);
  const optional = (key: string, as: string) => (env[key] ? { [as]: env[key]! } : {});
  if (set('zoom')) {
    providers.set('zoom', new ZoomProvider({
      accountId: env.KAIROS_ZOOM_ACCOUNT_ID!, clientId: env.KAIROS_ZOOM_CLIENT_ID!, clientSecret: env.KAIROS_ZOOM_CLIENT_SECRET!,
      ...optional('KAIROS_ZOOM_OAUTH_URL', 'oauthUrl'), ...optional('KAIROS_ZOOM_API_URL', 'apiUrl'), ...common,
    }));
  }
  if (set('teams')) {
    providers.set('teams', new TeamsProvider({
      tenantId: env.KAIROS_TEAMS_TENANT_ID!, clientId: env.KAIROS_TEAMS_CLIENT_ID!, clientSecret: env.KAIROS_TEAMS_CLIENT_SECRET!,
      ...optional('KAIROS_TEAMS_LOGIN_URL', 'loginUrl'), ...optional('KAIROS_TEAMS_GRAPH_URL', 'graphUrl'), ...common,
    }));
  }
  if (set('meet')) {
    providers.set('meet', new GoogleMeetProvider({
      clientId: env.KAIROS_GOOGLE_CLIENT_ID!, clientSecret: env.KAIROS_GOOGLE_CLIENT_SECRET!, refreshToken: env.KAIROS_GOOGLE_REFRESH_TOKEN!,
      ...optional('KAIROS_GOOGLE_OAUTH_URL', 'oauthUrl'), ...optional('KAIROS_GOOGLE_API_URL', 'apiUrl'), ...common,
    }));
  }
  if (set('webex')) {
    providers.set('webex', new WebexProvider({
      clientId: env.KAIROS_WEBEX_CLIENT_ID!, clientSecret: env.KAIROS_WEBEX_CLIENT_SECRET!, refreshToken: env.KAIROS_WEBEX_REFRESH_TOKEN!,
      ...optional('KAIROS_WEBEX_API_URL', 'apiUrl'), ...common,
    }));
  }
  if (set('goto')) {
    providers.set('goto', new GoToMeetingProvider({
      clientId: env.KAIROS_GOTO_CLIENT_ID!, clientSecret: env.KAIROS_GOTO_CLIENT_SECRET!, refreshToken: env.KAIROS_GOTO_REFRESH_TOKEN!,
      ...optional('KAIROS_GOTO_AUTH_URL', 'authUrl'), ...optional('KAIROS_GOTO_API_URL', 'apiUrl'), ...common,
    }));
  }
  return providers;
}
