import path from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../../server/platform/config.ts';
import { prepareDatabase } from '../../server/start.ts';
import { registryQuality, runPersonDedupe } from '../../server/features/linkage/index.ts';

function probability(value: string): number {
  const n = Number(value);
  if (!(n > 0 && n <= 1)) throw new Error(`Bukan peluang 0–1 / not a probability 0–1: ${value}`);
  return n;
}

/** `tepat dedupe`: a person deduplication of the whole registry (or some households), printed as JSON. */
export function registerDedupeCommand(program: Command): void {
  program
    .command('dedupe')
    .description('Cari data ganda di registri / find duplicate persons in the registry')
    .option('--accept <p>', 'ambang terima otomatis / automatic accept threshold', probability)
    .option('--review <p>', 'ambang tinjauan / review threshold', probability)
    .option(
      '--households <ids>',
      'hanya pasangan yang melibatkan keluarga ini / only pairs touching these household ids (1,2,3)',
    )
    .action(async (o: { accept?: number; review?: number; households?: string }) => {
      const config = loadConfig();
      const handle = await prepareDatabase(config);
      try {
        const householdIds = o.households
          ?.split(',')
          .map((s) => Number(s.trim()))
          .filter((n) => Number.isInteger(n) && n > 0);
        const summary = await runPersonDedupe(
          handle.db,
          { id: null, name: 'cli' },
          {
            ...(o.accept !== undefined ? { acceptThreshold: o.accept } : {}),
            ...(o.review !== undefined ? { reviewThreshold: o.review } : {}),
            ...(householdIds ? { householdIds } : {}),
          },
        );
        const quality =
          summary.status === 'done'
            ? await registryQuality(
                handle.db,
                { level: 'city', codes: [] },
                path.join(config.dataDir, 'demo-truth'),
              )
            : null;
        console.log(JSON.stringify({ ...summary, quality }, null, 2));
        if (summary.status !== 'done') process.exitCode = 1;
      } finally {
        await handle.close();
      }
    });
}
