/**
 * The CRMs a booking can be logged in (`server/integrations/crm/`), named once for the config
 * schema, the integrations and the API.
 */
export const crmProviderNames = ['hubspot', 'salesforce'] as const;
export type CrmProviderName = (typeof crmProviderNames)[number];
