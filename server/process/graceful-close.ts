/**
 * Closing the HTTP server without dropping a request (SIGTERM under load). Every request that
 * reached the server gets its answer; only connections that stay idle are closed.
 *
 * `http.Server#close()` destroys the connections it sees as idle at once (Node 19+). Under
 * keep-alive load, "idle" is often a connection whose client has just sent its next request,
 * not yet read: destroying it resets that request. So the listening socket is closed with
 * `net.Server#close()`, which leaves open connections alone; every answer from then on (and every
 * answer still being prepared) carries `Connection: close`, so a busy connection ends after its
 * next answer; a connection that brought nothing within `IDLE_GRACE_MS` is closed then.
 */
import type { Server, ServerResponse } from 'node:http';
import net from 'node:net';

/** Time for a request already on its way on an idle connection to arrive. */
const IDLE_GRACE_MS = 1_000;

/** Watches `server`'s requests; the function it returns closes the server as described above. */
export function gracefulClose(server: Server): () => Promise<void> {
  let draining = false;
  const unanswered = new Set<ServerResponse>();
  server.on('request', (_request, response: ServerResponse) => {
    if (draining) {
      if (!response.headersSent) response.setHeader('Connection', 'close');
      return;
    }
    unanswered.add(response);
    response.once('close', () => unanswered.delete(response));
  });
  return () =>
    new Promise<void>((resolve) => {
      draining = true;
      for (const response of unanswered) if (!response.headersSent) response.setHeader('Connection', 'close');
      const idle = setTimeout(() => server.closeIdleConnections(), IDLE_GRACE_MS);
      net.Server.prototype.close.call(server, () => {
        clearTimeout(idle);
        resolve();
      });
    });
}
