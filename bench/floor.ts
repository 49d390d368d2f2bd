/**
 * `npm run bench -- floor`: what this machine gives before any of Kairos runs, measured the way
 * the server benchmark measures bookings (64 connections over loopback HTTP for 10 s, autocannon
 * in this process, the server in its own; see `floor-server.ts` for the three servers). The
 * booking targets are read against these: a server cannot take bookings faster than node:http
 * answers an echo, nor faster than raw SQLite takes a booking's writes.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { bookingBody } from '../harness/team-config.js';

const entry = fileURLToPath(new URL('./floor-server.ts', import.meta.url));
const SLOT = 5 * 60_000;

async function measure(mode: 'http' | 'hono' | 'sqlite'): Promise<number> {
  const child = spawn(process.execPath, ['--import', 'tsx', entry, mode], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const port = await new Promise<string>((resolve, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        const match = /listening (\d+)/.exec(chunk.toString());
        if (match) resolve(match[1]!);
      });
      child.once('exit', (code) => reject(new Error(`floor server (${mode}) exited with ${code}`)));
    });
    let next = 0;
    const first = Date.parse('2030-01-07T00:00:00Z');
    const result = await autocannon({
      url: `http://127.0.0.1:${port}`,
      connections: 64,
      duration: 10,
      requests: [
        {
          method: 'POST',
          path: '/book',
          headers: { 'content-type': 'application/json' },
          setupRequest: (request) => ({ ...request, body: JSON.stringify(bookingBody('quick', first + next++ * SLOT, `floor${next}`)) }),
        },
      ],
    });
    return Math.round((result.statusCodeStats['201']?.count ?? 0) / result.duration);
  } finally {
    child.kill();
  }
}

export async function run() {
  const figures = {
    nodeHttpEchoPerSec: await measure('http'),
    honoEchoPerSec: await measure('hono'),
    rawSqliteBookingsPerSec: await measure('sqlite'),
  };
  console.log(`node:http echo                 ${figures.nodeHttpEchoPerSec}/s`);
  console.log(`Hono on node-server echo       ${figures.honoEchoPerSec}/s`);
  console.log(`raw SQLite booking writes      ${figures.rawSqliteBookingsPerSec}/s`);
  return figures;
}
