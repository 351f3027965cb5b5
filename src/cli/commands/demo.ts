import path from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../../server/platform/config.ts';
import { prepareDatabase } from '../../server/start.ts';
import { DEMO_PASSWORD, ensureDemoAccounts } from '../../server/features/seed/demo-accounts.ts';
import { loadDemoCity } from '../../server/features/seed/demo-city.ts';
import { progressBar } from '../output.ts';

/** `tepat demo --households N --seed S`: generate the synthetic city and load it into an empty registry. */
export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('Buat dan muat kota demo / generate and load the demo city')
    .option('--households <n>', 'jumlah KK / number of family cards', '27000')
    .option('--seed <s>', 'benih acak / random seed', '2025')
    .option('--truth-dir <dir>', 'folder ground truth (default: <data>/demo-truth)')
    .action(async (o: { households: string; seed: string; truthDir?: string }) => {
      const config = loadConfig();
      const handle = await prepareDatabase(config);
      const bar = progressBar();
      let started = false;
      try {
        const result = await loadDemoCity(handle, {
          households: Number(o.households),
          seed: Number(o.seed),
          regionCode: config.regionCode,
          truthDir: o.truthDir ?? path.join(config.dataDir, 'demo-truth'),
          onProgress: (_s, done, total) => {
            if (!started) {
              bar.start('Kota demo / demo city', total);
              started = true;
            }
            bar.update(done);
          },
        });
        bar.stop();
        console.log(JSON.stringify(result, null, 2));
        const accounts = await ensureDemoAccounts(handle.db, config.regionCode);
        if (accounts.length > 0)
          console.log(
            `Akun demo / demo accounts: ${accounts.map((a) => a.username).join(', ')} — ${DEMO_PASSWORD}`,
          );
      } finally {
        await handle.close();
      }
    });
}
