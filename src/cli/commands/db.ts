import type { Command } from 'commander';
import { loadConfig } from '../../server/platform/config.ts';
import { prepareDatabase } from '../../server/start.ts';

/** `tepat db migrate`: applies pending migrations. */
export function registerDbCommand(program: Command): void {
  const db = program.command('db').description('Basis data / database');
  db.command('migrate')
    .description('Terapkan migrasi / apply migrations')
    .action(async () => {
      const handle = await prepareDatabase(loadConfig());
      try {
        console.log(
          handle.migrations.length > 0
            ? `Migrasi diterapkan / applied: ${handle.migrations.join(', ')}`
            : 'Basis data sudah mutakhir / database is up to date',
        );
      } finally {
        await handle.close();
      }
    });
}
