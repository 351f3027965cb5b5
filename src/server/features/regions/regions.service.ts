import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Kysely } from 'kysely';
import { PROJECT_ROOT } from '../../platform/config.ts';
import type { Database } from '../../platform/db/schema.ts';
import { errors } from '../../platform/errors.ts';
import { recordAudit, type Actor } from '../audit/index.ts';
import { regionInScope, type Scope } from '../access/scope.ts';

const DATA = path.join(PROJECT_ROOT, 'data');

interface RegionCsvRow {
  code: string;
  name: string;
  level: 'province' | 'regency' | 'district' | 'village';
}

/** Rows of data/wilayah/regions.csv for one regency (its province, itself, kecamatan, kelurahan/desa). */
export function readRegencyRegions(regencyCode: string): RegionCsvRow[] {
  const text = fs.readFileSync(path.join(DATA, 'wilayah', 'regions.csv'), 'utf8');
  const province = regencyCode.slice(0, 2);
  const lines = text
    .split('\n')
    .filter(
      (l) =>
        l.startsWith(`${regencyCode},`) || l.startsWith(`${regencyCode}.`) || l.startsWith(`${province},`),
    );
  const rows = parse(['code,name,level', ...lines].join('\n'), {
    columns: true,
    skip_empty_lines: true,
  }) as RegionCsvRow[];
  if (!rows.some((r) => r.code === regencyCode))
    throw new Error(
      `Region ${regencyCode} is not in data/wilayah/regions.csv: set TEPAT_REGION to a kabupaten/kota code.`,
    );
  return rows;
}

function readCentroids(): Map<string, { lat: number; lng: number }> {
  const file = path.join(DATA, 'geo', 'bontang-kelurahan.geojson');
  const out = new Map<string, { lat: number; lng: number }>();
  if (!fs.existsSync(file)) return out;
  const geo = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    features: { properties: { code: string; centroid_lat: number; centroid_lng: number } }[];
  };
  for (const f of geo.features)
    out.set(f.properties.code, { lat: f.properties.centroid_lat, lng: f.properties.centroid_lng });
  return out;
}

/** Upper-case, punctuation-free form of a region name, as used for aliases. */
export function normalizeRegionName(name: string): string {
  return name
    .toUpperCase()
    .replace(/^(KEL(URAHAN)?|DESA|KEC(AMATAN)?|KAB(UPATEN)?|KOTA)\.?\s+/, '')
    .replace(/[^A-Z0-9]+/g, '');
}

/** Variants seen in real Bontang files (domain.md §2) beyond what normalisation catches. */
const KNOWN_ALIASES: Record<string, string> = {
  LOKTUAN: '64.74.01.1003',
  BEREBASTENGAH: '64.74.02.1002',
  BEREBASPANTAI: '64.74.02.1003',
  BERBASTGH: '64.74.02.1002',
  TANJUNGLAUTINDAH: '64.74.02.1006',
  TJLAUT: '64.74.02.1001',
  TJLAUTINDAH: '64.74.02.1006',
};

/**
 * Makes sure the region table holds the deployment regency with its kecamatan and kelurahan, and the
 * alias table their normalised names. Idempotent; run at every start.
 */
export async function ensureDeploymentRegions(db: Kysely<Database>, regencyCode: string): Promise<void> {
  const existing = await db
    .selectFrom('region')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('code', 'like', `${regencyCode}%`)
    .executeTakeFirstOrThrow();
  if (Number(existing.n) > 0) return;
  const rows = readRegencyRegions(regencyCode);
  const centroids = readCentroids();
  const popFile = fs.readFileSync(path.join(DATA, 'wilayah', 'regions-population.csv'), 'utf8');
  const pops = parse(popFile, { columns: true }) as { code: string; population_total: string }[];
  const population = new Map(pops.map((p) => [p.code, Number(p.population_total)]));
  const parentOf = (code: string) => (code.includes('.') ? code.slice(0, code.lastIndexOf('.')) : null);
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('region')
      .values(
        rows.map((r) => ({
          code: r.code,
          name: r.name,
          level: r.level,
          parent_code: parentOf(r.code),
          population: population.get(r.code) ?? null,
          centroid_lat: centroids.get(r.code)?.lat ?? null,
          centroid_lng: centroids.get(r.code)?.lng ?? null,
        })),
      )
      .onConflict((oc) => oc.column('code').doNothing())
      .execute();
    const aliases = new Map<string, string>();
    for (const r of rows)
      if (r.level === 'district' || r.level === 'village') aliases.set(normalizeRegionName(r.name), r.code);
    for (const [alias, code] of Object.entries(KNOWN_ALIASES))
      if (code.startsWith(`${regencyCode}.`) && rows.some((r) => r.code === code)) aliases.set(alias, code);
    await trx
      .insertInto('region_alias')
      .values([...aliases].map(([alias, code]) => ({ alias, code })))
      .onConflict((oc) => oc.column('alias').doNothing())
      .execute();
  });
}

/** The deployment regency, its kecamatan and kelurahan that lie within a scope. */
export async function listRegions(db: Kysely<Database>, regencyCode: string, scope: Scope) {
  const rows = await db
    .selectFrom('region')
    .select(['code', 'name', 'level', 'parent_code'])
    .where((eb) => eb.or([eb('code', '=', regencyCode), eb('code', 'like', `${regencyCode}.%`)]))
    .orderBy('code')
    .execute();
  return rows
    .filter((r) => r.level !== 'province' && regionInScope(scope, r.code))
    .map((r) => ({ code: r.code, name: r.name, level: r.level, parentCode: r.parent_code }));
}

/** RT units, optionally of one kelurahan, with their household counts, limited to a scope. */
export async function listRtUnits(db: Kysely<Database>, scope: Scope, villageCode?: string) {
  let q = db
    .selectFrom('rt_unit as u')
    .innerJoin('region as r', 'r.code', 'u.village_code')
    .select((eb) => [
      'u.id',
      'u.village_code',
      'r.name as village_name',
      'u.rw',
      'u.rt',
      'u.active',
      eb
        .selectFrom('household as h')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('h.village_code', '=', 'u.village_code')
        .whereRef('h.rw', '=', 'u.rw')
        .whereRef('h.rt', '=', 'u.rt')
        .where('h.status', '=', 1)
        .as('households'),
    ])
    .orderBy('u.village_code')
    .orderBy('u.rw')
    .orderBy('u.rt');
  if (villageCode) q = q.where('u.village_code', '=', villageCode);
  const rows = await q.execute();
  return rows
    .filter((r) =>
      scope.level === 'rt'
        ? scope.codes.includes(`${r.village_code}/${r.rw}/${r.rt}`)
        : regionInScope(scope, r.village_code),
    )
    .map((r) => ({
      id: r.id,
      villageCode: r.village_code,
      villageName: r.village_name,
      rw: r.rw,
      rt: r.rt,
      active: r.active,
      households: Number(r.households ?? 0),
    }));
}

const pad3 = (v: string) => v.trim().padStart(3, '0');

/** Adds an RT unit to a kelurahan (RT and RW stored as 3-digit strings). */
export async function createRtUnit(
  db: Kysely<Database>,
  actor: Actor,
  input: { villageCode: string; rw: string; rt: string },
) {
  if (!/^\d{1,3}$/.test(input.rw.trim()) || !/^\d{1,3}$/.test(input.rt.trim()))
    throw errors.invalid('RT dan RW berupa angka 1–3 digit.', 'RT and RW are numbers of 1–3 digits.');
  const village = await db
    .selectFrom('region')
    .select('code')
    .where('code', '=', input.villageCode)
    .where('level', '=', 'village')
    .executeTakeFirst();
  if (!village) throw errors.invalid('Kelurahan tidak dikenal.', 'Unknown kelurahan.');
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('rt_unit')
      .values({ village_code: input.villageCode, rw: pad3(input.rw), rt: pad3(input.rt) })
      .onConflict((oc) => oc.columns(['village_code', 'rw', 'rt']).doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!row) throw errors.conflict('rt_exists', 'RT ini sudah ada.', 'This RT already exists.');
    await recordAudit(trx, actor, {
      action: 'rt.create',
      targetType: 'rt_unit',
      targetId: row.id,
      after: row,
    });
    return row;
  });
}

/** Activates or deactivates an RT unit. */
export async function setRtUnitActive(db: Kysely<Database>, actor: Actor, id: number, active: boolean) {
  return db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('rt_unit').selectAll().where('id', '=', id).executeTakeFirst();
    if (!before) throw errors.notFound();
    const row = await trx
      .updateTable('rt_unit')
      .set({ active })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      action: 'rt.update',
      targetType: 'rt_unit',
      targetId: id,
      before: { active: before.active },
      after: { active },
    });
    return row;
  });
}
