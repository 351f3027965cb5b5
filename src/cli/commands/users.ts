import type { Command } from 'commander';
import { loadConfig } from '../../server/platform/config.ts';
import { prepareDatabase } from '../../server/start.ts';
import { ROLES, type Role } from '../../server/features/access/roles.ts';
import { createUser, setPassword } from '../../server/features/access/users.service.ts';
import { findUserByUsername, listUsers } from '../../server/features/access/users.repository.ts';
import { SYSTEM_ACTOR } from '../../server/features/audit/index.ts';
import { errors } from '../../server/platform/errors.ts';

const cliActor = { ...SYSTEM_ACTOR, name: 'cli' };

/** `tepat users list|create|reset-password`. */
export function registerUsersCommand(program: Command): void {
  const users = program.command('users').description('Akun pengguna / user accounts');

  users
    .command('list')
    .description('Daftar akun / list accounts')
    .action(async () => {
      const handle = await prepareDatabase(loadConfig());
      try {
        for (const u of await listUsers(handle.db))
          console.log(
            `${u.username}\t${u.role}\t${u.scope_level}:${u.scope_codes.join(',') || '-'}\t${u.active ? 'aktif' : 'nonaktif'}`,
          );
      } finally {
        await handle.close();
      }
    });

  users
    .command('create')
    .description('Buat akun / create an account')
    .requiredOption('--username <name>')
    .requiredOption('--name <full name>')
    .requiredOption('--role <role>', ROLES.join(' | '))
    .option('--scope <level>', 'city | district | village | rt', 'city')
    .option(
      '--codes <codes>',
      'kode wilayah dipisah koma / comma-separated region codes (RT: kode/rw/rt)',
      '',
    )
    .requiredOption('--password <password>')
    .action(
      async (o: {
        username: string;
        name: string;
        role: string;
        scope: string;
        codes: string;
        password: string;
      }) => {
        if (!(ROLES as readonly string[]).includes(o.role))
          throw errors.invalid(`Peran tidak dikenal: ${o.role}`, `Unknown role: ${o.role}`);
        if (!['city', 'district', 'village', 'rt'].includes(o.scope))
          throw errors.invalid(`Cakupan tidak dikenal: ${o.scope}`, `Unknown scope: ${o.scope}`);
        const handle = await prepareDatabase(loadConfig());
        try {
          const row = await createUser(handle.db, cliActor, {
            username: o.username,
            fullName: o.name,
            role: o.role as Role,
            scopeLevel: o.scope as 'city' | 'district' | 'village' | 'rt',
            scopeCodes: o.codes ? o.codes.split(',').map((c) => c.trim()) : [],
            password: o.password,
          });
          console.log(`Akun dibuat / account created: ${row.username} (${row.role})`);
        } finally {
          await handle.close();
        }
      },
    );

  users
    .command('reset-password')
    .description('Atur ulang kata sandi / reset a password')
    .requiredOption('--username <name>')
    .requiredOption('--password <password>')
    .action(async (o: { username: string; password: string }) => {
      const handle = await prepareDatabase(loadConfig());
      try {
        const user = await findUserByUsername(handle.db, o.username);
        if (!user) throw errors.notFound();
        await setPassword(handle.db, cliActor, user.id, o.password);
        console.log(`Kata sandi diganti / password changed: ${user.username}`);
      } finally {
        await handle.close();
      }
    });
}
