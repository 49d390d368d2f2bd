/**
 * The CRMs this process can use, from its environment: a HubSpot private app's token and a
 * Salesforce connected app's client id and secret live there and nowhere else — never in the
 * config file, its export or the database. A CRM whose variables are not all set is left out: an
 * event type that names it gets `crm_sync_failed` in its bookings' activity.
 *
 * `KAIROS_HUBSPOT_API_URL` moves HubSpot's endpoint (a local fake in tests); Salesforce's is the
 * org's own login URL.
 */
import { HubSpotProvider } from './hubspot.js';
import type { CrmProviderName } from '../../../shared/crm-providers.js';
import type { CrmProvider } from './provider.js';
import { SalesforceProvider } from './salesforce.js';

/** The variables each CRM needs, all of them, for it to be used. */
export const requiredCrmSettings: Record<CrmProviderName, string[]> = {
  hubspot: ['KAIROS_HUBSPOT_ACCESS_TOKEN'],
  salesforce: ['KAIROS_SALESFORCE_LOGIN_URL', 'KAIROS_SALESFORCE_CLIENT_ID', 'KAIROS_SALESFORCE_CLIENT_SECRET'],
};

export interface CrmOptions {
  now: () => number;
  /** Per call; `provider-api.ts` has the default. */
  timeoutMs?: number;
}

export function crmProviders(env: Record<string, string | undefined>, options: CrmOptions): Map<string, CrmProvider> {
  const providers = new Map<string, CrmProvider>();
  const common = { now: options.now, ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}) };
  const set = (name: CrmProviderName) => requiredCrmSettings[name].every((key) => env[key]);
  if (set('hubspot')) {
    providers.set('hubspot', new HubSpotProvider({ accessToken: env.KAIROS_HUBSPOT_ACCESS_TOKEN!, ...(env.KAIROS_HUBSPOT_API_URL ? { apiUrl: env.KAIROS_HUBSPOT_API_URL } : {}), ...common }));
  }
  if (set('salesforce')) {
    providers.set('salesforce', new SalesforceProvider({
      loginUrl: env.KAIROS_SALESFORCE_LOGIN_URL!, clientId: env.KAIROS_SALESFORCE_CLIENT_ID!, clientSecret: env.KAIROS_SALESFORCE_CLIENT_SECRET!,
      ...(env.KAIROS_SALESFORCE_API_VERSION ? { apiVersion: env.KAIROS_SALESFORCE_API_VERSION } : {}), ...common,
    }));
  }
  return providers;
}
