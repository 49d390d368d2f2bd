/**
 * The console's routes: paths under `/admin`, kept in the address bar so every screen (a stream
 * view with its filters, a booking) can be linked, bookmarked and reached with Back.
 */
export type Route =
  | { screen: 'activity'; query: URLSearchParams }
  | { screen: 'booking'; id: string }
  | { screen: 'member'; id: string }
  | { screen: 'pool'; id: string }
  | { screen: 'customers' }
  | { screen: 'book' }
  | { screen: 'team' }
  | { screen: 'account' };

export const base = '/admin';

export function routeOf(location: { pathname: string; search: string }): Route {
  const parts = location.pathname.slice(base.length).split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'bookings' && parts[1]) return { screen: 'booking', id: parts[1] };
  if (parts[0] === 'members' && parts[1]) return { screen: 'member', id: parts[1] };
  if (parts[0] === 'pools' && parts[1]) return { screen: 'pool', id: parts[1] };
  if (parts[0] === 'customers') return { screen: 'customers' };
  if (parts[0] === 'book') return { screen: 'book' };
  if (parts[0] === 'team') return { screen: 'team' };
  if (parts[0] === 'account') return { screen: 'account' };
  return { screen: 'activity', query: new URLSearchParams(location.search) };
}

export function pathOf(route: Route): string {
  switch (route.screen) {
    case 'booking':
      return `${base}/bookings/${encodeURIComponent(route.id)}`;
    case 'member':
      return `${base}/members/${encodeURIComponent(route.id)}`;
    case 'pool':
      return `${base}/pools/${encodeURIComponent(route.id)}`;
    case 'activity': {
      const query = route.query.toString();
      return query ? `${base}?${query}` : base;
    }
    default:
      return `${base}/${route.screen}`;
  }
}

/** Goes to `path` without a page load; the shell re-renders on the `kairos-navigate` event. */
export function navigate(path: string, replace = false): void {
  if (path === location.pathname + location.search) return;
  if (replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  window.dispatchEvent(new Event('kairos-navigate'));
}

/**
 * Follows clicks on same-origin links under `/admin` inside `root` (shadow roots included, via
 * the event's composed path) without a page load; other links, and modified clicks, go as usual.
 */
export function followLinks(root: EventTarget): void {
  root.addEventListener('click', (event) => {
    const e = event as MouseEvent;
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const anchor = e.composedPath().find((node): node is HTMLAnchorElement => node instanceof HTMLAnchorElement);
    if (!anchor || anchor.target || anchor.hasAttribute('download') || anchor.origin !== location.origin) return;
    if (anchor.pathname !== base && !anchor.pathname.startsWith(`${base}/`)) return;
    // The sign-in page is the server's own.
    if (anchor.pathname.startsWith(`${base}/sign-in`)) return;
    e.preventDefault();
    navigate(anchor.pathname + anchor.search);
  });
}
