/**
 * The production server of `npm start`: the Next.js build served by one process per core.
 *
 *   node scripts/serve.mjs [-p PORT] [-H HOSTNAME]     (PORT, default 3000; all interfaces)
 *   WEB_CONCURRENCY=N  serve from N processes (default: one per core; 1 = no extra processes)
 *
 * Why not `next start`: it renders every page in one Node.js process, and a page renders per
 * request (each carries its request's CSP nonce, proxy.ts), so a busy dashboard is bound by one
 * core while the others idle. Here node:cluster runs one Next.js server per core on the same port
 * through Next's documented custom-server API (next() + getRequestHandler). The processes share
 * nothing in memory: each has its own database connection (SQLite in WAL mode or a PostgreSQL
 * pool), caches keyed by the database's data version (db/queries/report-page.ts), and sign-in
 * rate limits counted in the database (server/auth.ts). Mind on PostgreSQL: each process opens
 * up to 10 connections (db/postgres.ts). Background rebuilds after an upload (db/derived.ts)
 * coalesce within a process, so two processes may each run one. A process that dies is replaced;
 * one that dies before it serves, or over 5 times a minute, stops the server (exit code 1).
 * Each request carries its TCP peer's address in x-gongkai-peer, set here (a client's own is
 * replaced) because Next's Request has no socket: lib/http/trust.ts reads the client address from
 * it, and X-Forwarded-* only when that peer is in TRUSTED_PROXIES.
 * Plain JavaScript: it runs with node alone, no TypeScript loader in the serving processes.
 */
import cluster from 'node:cluster';
import { createServer } from 'node:http';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { guardMethods } from './method-guard.mjs';

/** lib/http/trust.ts's PEER_HEADER (this file runs without a TypeScript loader). */
const PEER_HEADER = 'x-gongkai-peer';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
// lib/root.ts: the server's processes find their files (migrations, secret, PDF worker) from here,
// also the code Next bundled, which knows only the working directory.
process.env.GONGKAI_ROOT ||= ROOT;
process.chdir(ROOT);

/**
 * -p/--port and -H/--hostname through node:util parseArgs. This file runs without a TypeScript
 * loader, so it checks them itself the way scripts/cli.ts does for the other scripts: one line
 * naming the problem, exit code 2.
 */
function options() {
  const fail = (message) => {
    console.error(`serve: error: ${message}`);
    process.exit(2);
  };
  const { tokens } = parseArgs({
    options: { port: { type: 'string', short: 'p' }, hostname: { type: 'string', short: 'H' } },
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const values = {};
  for (const t of tokens) {
    if (t.kind === 'positional') fail(`unexpected argument ${JSON.stringify(t.value)}`);
    if (t.kind !== 'option') continue;
    if (t.name !== 'port' && t.name !== 'hostname') fail(`unknown option ${t.rawName}`);
    if (t.value === undefined || t.value === '' || (!t.inlineValue && t.value.startsWith('-')))
      fail(
        `${t.rawName} expects ${t.name === 'port' ? 'a port number' : 'a host name'}, got ${t.value === undefined ? 'nothing' : JSON.stringify(t.value)}`,
      );
    values[t.name] = t.value;
  }
  return values;
}

const flags = options();
const portText = flags.port ?? (process.env.PORT || '3000');
const port = /^\d+$/.test(portText) ? Number(portText) : NaN;
const hostname = flags.hostname;
const processes = Math.max(1, Math.floor(Number(process.env.WEB_CONCURRENCY)) || availableParallelism());

/** Requests in flight get this long to finish after a stop signal. */
const DRAIN_MS = 10_000;
/** More replacements than this within RESTART_WINDOW_MS means something is broken: stop. */
const MAX_RESTARTS = 5;
const RESTART_WINDOW_MS = 60_000;

if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`serve: error: ${flags.port !== undefined ? '--port' : 'PORT'} expects a port number (0 to 65535), got ${JSON.stringify(portText)}`);
  process.exit(2);
}

/** Calls `stop` once, on the first SIGTERM or SIGINT (a terminal's Ctrl-C reaches every process). */
function onStopSignal(stop) {
  let stopping = false;
  const once = () => {
    if (stopping) return;
    stopping = true;
    stop();
  };
  process.on('SIGTERM', once);
  process.on('SIGINT', once);
}

/** One Next.js server on the port (in a worker, the primary process hands it connections). */
async function serve() {
  if (!process.env.NODE_ENV) process.env.NODE_ENV = 'production';
  // Tells lib/http/trust.ts that PEER_HEADER is ours (a bare `next start` sets none).
  process.env.GONGKAI_PEER_HEADER = '1';
  const { default: next } = await import('next');
  const app = next({ dev: false, dir: ROOT, hostname, port });
  await app.prepare();
  const handle = app.getRequestHandler();
  const server = createServer(
    guardMethods((req, res) => {
      // The TCP peer, for lib/http/trust.ts (Next's Request has no socket). Always overwritten, so a
      // client's own x-gongkai-peer never reaches the application.
      const peer = req.socket.remoteAddress;
      if (peer) req.headers[PEER_HEADER] = peer;
      else delete req.headers[PEER_HEADER];
      return handle(req, res);
    }),
  );
  await new Promise((resolve, reject) => server.once('error', reject).listen(port, hostname, resolve));
  // Stop taking connections, let the requests in flight finish (an upload), then exit.
  onStopSignal(() => {
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), DRAIN_MS).unref();
  });
  return server;
}

if (processes === 1 || !cluster.isPrimary) {
  serve().then(
    () => processes === 1 && console.log(`> serving on http://${hostname ?? 'localhost'}:${port} (1 process)`),
    (err) => {
      console.error(`serve: error: ${err.message}`);
      process.exit(1);
    },
  );
} else {
  let stopping = false;
  let listening = 0;
  const restarts = [];
  const live = () => Object.values(cluster.workers ?? {}).filter((w) => w && !w.isDead());
  const stopAll = (code) => {
    stopping = true;
    for (const w of live()) w.process.kill('SIGTERM');
    if (live().length === 0) process.exit(code);
    cluster.on('exit', () => live().length === 0 && process.exit(code));
    setTimeout(() => process.exit(code), DRAIN_MS + 1000).unref();
  };
  // The server processes run this file, also when it was imported by scripts/start.mjs.
  cluster.setupPrimary({ exec: fileURLToPath(import.meta.url) });
  for (let i = 0; i < processes; i++) cluster.fork();
  cluster.on('listening', () => {
    if (++listening === processes) console.log(`> serving on http://${hostname ?? 'localhost'}:${port} (${processes} processes)`);
  });
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    const why = signal ?? `code ${code}`;
    // A process that failed to start (port taken, no build) would fail again: stop everything.
    if (listening < processes) {
      console.error(`serve: error: a server process exited (${why}) before it was ready`);
      return stopAll(1);
    }
    const now = Date.now();
    restarts.push(now);
    while (restarts[0] < now - RESTART_WINDOW_MS) restarts.shift();
    if (restarts.length > MAX_RESTARTS) {
      console.error(`serve: error: server processes keep exiting (${restarts.length} in ${RESTART_WINDOW_MS / 1000} s, last: ${why}); stopping`);
      return stopAll(1);
    }
    console.error(`serve: a server process exited (${why}); starting another`);
    cluster.fork();
  });
  onStopSignal(() => stopAll(0));
}
