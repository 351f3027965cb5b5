import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import { hashPassword } from '../access/passwords.ts';
import type { Role } from '../access/roles.ts';
import type { Scope } from '../access/scope.ts';

export interface DemoAccount {
  username: string;
  fullName: string;
  role: Role;
  scope: Scope;
}

/** The password of every demo account; printed at the first start, to be changed on a real installation. */
export const DEMO_PASSWORD = 'tepat-demo-2025';

/** One demo account per role, with regions chosen so that scope differences are visible (Kota Bontang codes). */
export function demoAccounts(regencyCode: string): DemoAccount[] {
  const r = (suffix: string) => `${regencyCode}.${suffix}`;
  return [
    {
      username: 'admin',
      fullName: 'Administrator Tepat',
      role: 'admin',
      scope: { level: 'city', codes: [] },
    },
    {
      username: 'operator',
      fullName: 'Operator Dinsos-PM',
      role: 'operator',
      scope: { level: 'city', codes: [] },
    },
    {
      username: 'verifikator',
      fullName: 'Kepala Bidang Dinsos-PM',
      role: 'verifier',
      scope: { level: 'city', codes: [] },
    },
    {
      username: 'camat.utara',
      fullName: 'Camat Bontang Utara',
      role: 'camat',
      scope: { level: 'district', codes: [r('01')] },
    },
    {
      username: 'lurah.loktuan',
      fullName: 'Lurah Lok Tuan',
      role: 'lurah',
      scope: { level: 'village', codes: [r('01.1003')] },
    },
    {
      username: 'lurah.tanjunglaut',
      fullName: 'Lurah Tanjung Laut',
      role: 'lurah',
      scope: { level: 'village', codes: [r('02.1001')] },
    },
    {
      username: 'enumerator',
      fullName: 'Petugas Lapangan Lok Tuan',
      role: 'enumerator',
      scope: { level: 'rt', codes: [`${r('01.1003')}/001/001`, `${r('01.1003')}/001/002`] },
    },
    {
      username: 'bps',
      fullName: 'Analis BPS Kota',
      role: 'bps_analyst',
      scope: { level: 'city', codes: [] },
    },
    {
      username: 'bapperida',
      fullName: 'Perencana Bapperida',
      role: 'planner',
      scope: { level: 'city', codes: [] },
    },
    {
      username: 'auditor',
      fullName: 'Auditor Inspektorat',
      role: 'auditor',
      scope: { level: 'city', codes: [] },
    },
  ];
}

/**
 * Creates the demo accounts that do not exist yet (skipping RT-scoped ones whose RT is unknown) and
 * returns those created.
 */
export async function ensureDemoAccounts(db: Kysely<Database>, regencyCode: string): Promise<DemoAccount[]> {
  const existing = new Set(
    (await db.selectFrom('app_user').select('username').execute()).map((u) => u.username),
  );
  const regions = new Set((await db.selectFrom('region').select('code').execute()).map((r) => r.code));
  const rts = new Set(
    (await db.selectFrom('rt_unit').select(['village_code', 'rw', 'rt']).execute()).map(
      (u) => `${u.village_code}/${u.rw}/${u.rt}`,
    ),
  );
  const wanted = demoAccounts(regencyCode).filter((a) => {
    if (existing.has(a.username)) return false;
    if (a.scope.level === 'rt') return a.scope.codes.every((c) => rts.has(c));
    return a.scope.codes.every((c) => regions.has(c));
  });
  if (wanted.length === 0) return [];
  const hash = await hashPassword(DEMO_PASSWORD);
  await db
    .insertInto('app_user')
    .values(
      wanted.map((a) => ({
        username: a.username,
        full_name: a.fullName,
        password_hash: hash,
        role: a.role,
        scope_level: a.scope.level,
        scope_codes: [...a.scope.codes],
      })),
    )
    .execute();
  return wanted;
}
