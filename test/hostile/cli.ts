/** Runs the project's CLIs (parse, import) as a user does, killed only if they hang. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/**
 * A hang guard, not a speed limit: a child still running after this long (a FIFO read that never
 * ends) is killed and the run reports `timedOut`. spawnSync blocks the test's thread, so the test
 * runner's own timeout cannot stop it.
 */
export const HANG_GUARD_MS = 300_000;

/** `npx tsx scripts/<script>.ts ARGS`, killed after HANG_GUARD_MS. */
export function runScript(
  script: 'parse' | 'import' | 'bench-parse' | 'bench-store' | 'user-add' | 'units-import' | 'variants',
  args: string[],
  opts: { env?: Record<string, string> } = {},
): Run {
  const r = spawnSync(process.execPath, ['--import', 'tsx', `scripts/${script}.ts`, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: HANG_GUARD_MS,
    env: { ...process.env, ...opts.env },
  });
  return {
    status: r.status,
    stdout: r.stdout ?? '',
    stderr: r.stderr ?? '',
    timedOut: (r.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT',
  };
}

/** The `FILE: error: REASON` lines of a run's stderr. */
export function errorLines(stderr: string): string[] {
  return stderr.split('\n').filter((l) => l.includes(': error: '));
}
