/**
 * npm run bench:parse [-- --reports N]
 *
 * Parses the bundled real reports (samples and test fixtures) over and over, at least N reports
 * (default 10,000) in one process on one core, and prints reports per second and peak memory.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readSource } from '../lib/source';
import { parseReport } from '../lib/report/parse';
import { parseCommandLine } from './cli';

const DIRS = ['data/samples', 'test/fixtures/seeds', 'test/fixtures/real'];
const EXT = /\.(txt|md|html?)$/i;

async function main() {
  const { values } = parseCommandLine({
    name: 'bench:parse',
    usage: 'npm run bench:parse [-- --reports N]',
    flags: { reports: { type: 'integer' } },
  });
  const target = values.reports ?? 10_000;
  const corpus: { name: string; bytes: Uint8Array }[] = [];
  for (const dir of DIRS) {
    for (const f of readdirSync(dir).sort())
      if (EXT.test(f) && !/^README/i.test(f)) corpus.push({ name: f, bytes: new Uint8Array(readFileSync(join(dir, f))) });
  }
  const totalBytes = corpus.reduce((a, c) => a + c.bytes.length, 0);
  console.log(`corpus: ${corpus.length} real reports, ${(totalBytes / 1024).toFixed(0)} KiB; parsing ${target} reports…`);
  // Warm-up, so the figure is steady-state throughput.
  for (const c of corpus) parseReport((await readSource(c.bytes, c.name)).text);

  const t0 = process.hrtime.bigint();
  let done = 0;
  let cells = 0;
  let lastReport = t0;
  while (done < target) {
    for (const c of corpus) {
      const src = await readSource(c.bytes, c.name);
      const r = parseReport(src.text, { sourceKind: src.kind });
      cells += Object.keys(r.values).length;
      if (++done >= target) break;
    }
    const now = process.hrtime.bigint();
    if (now - lastReport > 1_000_000_000n) {
      const s = Number(now - t0) / 1e9;
      process.stderr.write(`  ${done}/${target} reports, ${(done / s).toFixed(0)}/s, about ${((target - done) / (done / s)).toFixed(0)} s left\n`);
      lastReport = now;
    }
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const peakMiB = process.resourceUsage().maxRSS / 1024;
  console.log(`parsed ${done} reports (${cells} values) in ${seconds.toFixed(2)} s`);
  console.log(`throughput: ${(done / seconds).toFixed(0)} reports/s on one core (${((seconds / done) * 1000).toFixed(3)} ms per report)`);
  console.log(`peak memory (max RSS): ${peakMiB.toFixed(0)} MiB`);
}

main();
