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
 * rate limits counted in the database (server/auth.ts). A process that dies is replaced.
 * Plain JavaScript: it runs with node alone, no TypeScript loader in the serving processes.
 */
import cluster from 'node:cluster';
import { createServer } from 'node:http';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

function option(short, long) {
  const args = process.argv.slice(2);
  const i = args.findIndex((a) => a === short || a === long);
  return i >= 0 ? args[i + 1] : undefined;
}

const port = Number(option('-p', '--port') ?? process.env.PORT ?? 3000);
const hostname = option('-H', '--hostname');
const processes = Math.max(1, Number(process.env.WEB_CONCURRENCY) || availableParallelism());

if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`serve: error: port ${port} is not a port number`);
  process.exit(2);
}

/** One Next.js server on the port (in a worker, the primary process hands it connections). */
async function serve() {
  process.env.NODE_ENV ??= 'production';
  const { default: next } = await import('next');
  const app = next({ dev: false, dir: ROOT, hostname, port });
  await app.prepare();
  const handle = app.getRequestHandler();
  const server = createServer((req, res) => handle(req, res));
  await new Promise((resolve, reject) => server.once('error', reject).listen(port, hostname, resolve));
  const stop = () => server.close(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
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
  let stopped = 0;
  for (let i = 0; i < processes; i++) cluster.fork();
  cluster.on('listening', () => {
    if (++listening === processes) console.log(`> serving on http://${hostname ?? 'localhost'}:${port} (${processes} processes)`);
  });
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (++stopped === processes) process.exit(0);
      return;
    }
    // A process that failed to start (port taken, no build) would fail again: stop everything.
    if (listening < processes) {
      console.error(`serve: error: a server process exited (${signal ?? `code ${code}`}) before it was ready`);
      stopping = true;
      for (const w of Object.values(cluster.workers ?? {})) w?.kill();
      process.exit(1);
    }
    console.error(`serve: a server process exited (${signal ?? `code ${code}`}); starting another`);
    cluster.fork();
  });
  const stop = () => {
    stopping = true;
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM');
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
