/** Runs the project's CLIs (parse, import) as a user does, with a time limit. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  seconds: number;
  timedOut: boolean;
}

/** `npx tsx scripts/<script>.ts ARGS`, killed after `timeoutMs`. */
export function runScript(script: 'parse' | 'import', args: string[], opts: { env?: Record<string, string>; timeoutMs?: number } = {}): Run {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', `scripts/${script}.ts`, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: opts.timeoutMs ?? 60_000,
    env: { ...process.env, ...opts.env },
  });
  return {
    status: r.status,
    stdout: r.stdout ?? '',
    stderr: r.stderr ?? '',
    seconds: (performance.now() - t0) / 1000,
    timedOut: (r.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT',
  };
}

/** The `FILE: error: REASON` lines of a run's stderr. */
export function errorLines(stderr: string): string[] {
  return stderr.split('\n').filter((l) => l.includes(': error: '));
}
