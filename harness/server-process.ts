/**
 * A Kairos server as a child process, for tests and the benchmark that need real processes (two
 * servers on one database, a kill mid-stream, the RSS of a server alone). Either `server-entry.ts`
 * under `node --import tsx` (the TypeScript, as tests run it), or the process `npm start` runs: the
 * bundle and the node command line of the start script, configured through the environment. The
 * pid is the server's own either way, so its RSS can be read.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServerOptions } from '../server/main.js';
import { buildServer } from '../server-build.js';

const entry = fileURLToPath(new URL('./server-entry.ts', import.meta.url));
const root = fileURLToPath(new URL('../', import.meta.url));

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** Resolves with the exit code (or the signal's name) once the process is gone. */
  exited: Promise<number | string>;
  /** What the process printed on its standard output so far. */
  output(): string;
  /** Resident set size, from /proc. */
  rssMb(): number;
  /** Sends `signal` and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<number | string>;
}

type ChildOptions = Omit<ServerOptions, 'log'>;

function watch(child: ChildProcess): { exited: Promise<number | string>; stderr: () => string; stdout: () => string } {
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  let stderr = '';
  let stdout = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  child.stdout!.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  return { exited, stderr: () => stderr, stdout: () => stdout };
}

function serverProcess(url: string, child: ChildProcess, { exited, stdout }: ReturnType<typeof watch>): ServerProcess {
  return {
    url,
    child,
    exited,
    output: stdout,
    rssMb() {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
    },
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

export async function startServerProcess(options: ChildOptions, env: Record<string, string> = {}): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', entry, JSON.stringify({ port: 0, hostname: '127.0.0.1', worker: false, ...options })], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const watched = watch(child);
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', () => {
      const match = /listening (\S+)/.exec(watched.stdout());
      if (match) resolve(match[1]!);
    });
    void watched.exited.then((code) => reject(new Error(`server exited (${code}) before listening:\n${watched.stderr()}`)));
  });
  return serverProcess(url, child, watched);
}

/**
 * `npm start` is `<build> && node <flags…> <bundle>`: the node command line it ends with, its
 * paths made absolute (npm runs it in the checkout).
 */
function startCommandLine(): string[] {
  const start = (JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { scripts: { start: string } }).scripts.start;
  const [command, ...args] = start.split('&&').at(-1)!.trim().split(/\s+/);
  if (command !== 'node') throw new Error(`npm start no longer ends with a node command line: ${start}`);
  return args.map((arg) => (arg.startsWith('-') ? arg : join(root, arg)));
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/**
 * The process `npm start` runs, on loopback, with its settings as environment variables
 * (`PORT`, `KAIROS_DATABASE_URL`…, see README), in the working directory `cwd`, whose
 * `./data/outbox` receives its emails. Logs only warnings and errors.
 */
export async function startBuiltServer(settings: Record<string, string>, cwd: string): Promise<ServerProcess> {
  await buildServer();
  const port = await freePort();
  const child = spawn(process.execPath, startCommandLine(), {
    cwd,
    env: { ...process.env, LOG_LEVEL: 'warn', ...settings, HOST: '127.0.0.1', PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const watched = watch(child);
  const { stderr } = watched;
  const url = `http://127.0.0.1:${port}`;
  // Until the app is built the server answers 503; a refused connection means it is not listening yet.
  for (;;) {
    const code = child.exitCode ?? child.signalCode;
    if (code !== null) throw new Error(`npm start's server exited (${code}) before serving:\n${stderr()}`);
    const status = await fetch(`${url}/`).then(
      (response) => response.arrayBuffer().then(() => response.status),
      () => 0,
    );
    if (status === 200) return serverProcess(url, child, watched);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
