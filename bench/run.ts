/**
 * `npm run bench [-- name ...]`: runs the benchmarks and prints their results as JSON lines, with the
 * machine. Copy the results into docs/benchmarks.md. Benchmarks on PostgreSQL run when DATABASE_URL is set.
 */
import os from 'node:os';
import { benchFoundation } from './foundation.bench.ts';
import { benchImport } from './import.bench.ts';
import { benchLinkage } from './linkage.bench.ts';
import { benchLinkageMillion, benchLinkageScale } from './linkage-scale.bench.ts';
import { benchScoring } from './scoring.bench.ts';

const benches: Record<string, () => Promise<unknown>> = {
  foundation: benchFoundation,
  import: benchImport,
  linkage: benchLinkage,
  'linkage-scale': benchLinkageScale,
  'linkage-million': benchLinkageMillion,
  scoring: benchScoring,
};

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
console.log(
  JSON.stringify({
    machine: {
      cpus: os.cpus().length,
      model: os.cpus()[0]?.model,
      memGiB: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
    },
    database: process.env.DATABASE_URL ? 'postgres' : 'pglite',
    date: new Date().toISOString(),
  }),
);
for (const [name, run] of Object.entries(benches)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  const result = await run();
  console.log(JSON.stringify({ bench: name, ...(result as object) }));
}
