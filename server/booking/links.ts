/** The links a customer gets to their booking: the manage page and the invite file. */
const base = (publicUrl: string) => publicUrl.replace(/\/+$/, '');

export function manageUrl(publicUrl: string, id: string, token: string): string {
  return `${base(publicUrl)}/manage/${encodeURIComponent(id)}?token=${encodeURIComponent(token)}`;
}

export function icsUrl(publicUrl: string, id: string, token: string): string {
  return `${base(publicUrl)}/api/v1/bookings/${encodeURIComponent(id)}/invite.ics?token=${encodeURIComponent(token)}`;
}
