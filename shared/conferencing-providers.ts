/**
 * The video-meeting providers a booking's meeting can be made with (`server/integrations/conferencing/`),
 * named once for the config schema, the integrations and the API.
 */
export const conferencingProviderNames = ['jitsi', 'zoom', 'teams', 'meet', 'webex', 'goto'] as const;
export type ConferencingProviderName = (typeof conferencingProviderNames)[number];
/** The providers with an account: a member may name who they are there. */
export type AccountProviderName = Exclude<ConferencingProviderName, 'jitsi'>;
