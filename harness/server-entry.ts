/**
 * A Kairos server as a child process, for tests and the benchmark that need real processes
 * (two servers on one database, a kill mid-stream). Takes its `ServerOptions` as JSON in
 * argv[2], prints `listening <url>` once it serves, and closes gracefully on SIGTERM.
 */
import pino from 'pino';
import { startServer, type ServerOptions } from '../server/main.js';

const options = JSON.parse(process.argv[2] ?? '{}') as ServerOptions;
const running = await startServer({ ...options, log: pino({ level: 'error' }, pino.destination(2)) });
process.stdout.write(`listening ${running.url}\n`);
process.once('SIGTERM', () => {
  running.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
});
