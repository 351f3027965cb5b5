import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import { errors } from '../../platform/errors.ts';
import { recordAudit, findHouseholdHistory, type Actor } from '../audit/index.ts';
import type { Scope } from '../access/scope.ts';
import {
  findDesilHistory,
  findHousehold,
  findMembers,
  searchHouseholds,
  searchPersons,
  type HouseholdFilters,
  type HouseholdSort,
} from './registry.repository.ts';
import { ageOn, presentHouseholdSummary, presentPerson, presentVariables } from './registry.presenter.ts';
import { escapeCell } from '../../platform/files/escape.ts';

export interface PageRequest {
  page: number;
  pageSize: number;
}

/** Households within the user's scope matching the filters, one page. */
export async function listHouseholds(
  db: Kysely<Database>,
  scope: Scope,
  filters: HouseholdFilters,
  page: PageRequest & { sort: HouseholdSort },
) {
  const { rows, total } = await searchHouseholds(db, scope, filters, page);
  return { items: rows.map(presentHouseholdSummary), total, page: page.page, pageSize: page.pageSize };
}

/** Persons within the user's scope matching the filters, one page. */
export async function listPersons(
  db: Kysely<Database>,
  scope: Scope,
  filters: HouseholdFilters,
  page: PageRequest,
) {
  const { rows, total } = await searchPersons(db, scope, filters, page);
  return {
    items: rows.map((p) => ({
      id: p.id,
      nik: p.nik,
      name: p.name,
      sex: p.sex,
      birthDate: p.birth_date,
      age: ageOn(p.birth_date),
      relationship: p.relationship,
      householdId: p.household_id,
      kkNumber: p.kk_number,
      address: p.address,
      villageName: p.village_name,
      rw: p.rw,
      rt: p.rt,
      status: p.status,
    })),
    total,
    page: page.page,
    pageSize: page.pageSize,
  };
}

/**
 * The full household record with members, variables and desil history. Out-of-scope households are
 * reported as not found, so an id probe reveals nothing; every view is audited (UU 27/2022).
 */
export async function getHouseholdDetail(db: Kysely<Database>, scope: Scope, actor: Actor, id: number) {
  const h = await findHousehold(db, scope, id);
  if (!h) throw errors.notFound();
  const [members, desilHistory] = await Promise.all([findMembers(db, id), findDesilHistory(db, id)]);
  await recordAudit(db, actor, { action: 'view.household', targetType: 'household', targetId: id, householdId: id });
  const head = members.find((m) => m.relationship === 1) ?? members[0];
  return {
    ...presentHouseholdSummary({
      ...h,
      head_name: head?.name ?? null,
      head_nik: head?.nik ?? null,
      member_count: members.filter((m) => m.status === 1).length,
    }),
    districtCode: h.district_code,
    lat: h.lat,
    lng: h.lng,
    dtsenId: h.dtsen_id,
    externalIds: h.external_ids,
    dictionaryVersion: h.dictionary_version,
    variables: presentVariables(h.variables),
    officialDesilRelease:
      h.official_desil_release_id && h.release_label && h.release_date
        ? { id: h.official_desil_release_id, label: h.release_label, releaseDate: h.release_date }
        : null,
    desilHistory: desilHistory.map((d) => ({
      releaseId: d.release_id,
      label: d.label,
      releaseDate: d.release_date,
      desil: d.desil,
    })),
    members: members.map(presentPerson),
    createdAt: h.created_at,
    updatedAt: h.updated_at,
    version: h.version,
  };
}

/** The change history of a household within the scope. */
export async function getHouseholdHistory(db: Kysely<Database>, scope: Scope, id: number) {
  if (!(await findHousehold(db, scope, id))) throw errors.notFound();
  const rows = await findHouseholdHistory(db, id);
  return {
    items: rows.map((r) => ({
      id: Number(r.id),
      at: r.at,
      actorName: r.actor_name,
      action: r.action,
      targetType: r.target_type,
      targetId: r.target_id,
      before: r.before,
      after: r.after,
      reason: r.reason,
    })),
  };
}

const EXPORT_HEADERS = [
  'NO_KK',
  'NIK_KEPALA',
  'NAMA_KEPALA',
  'ALAMAT',
  'RT',
  'RW',
  'KELURAHAN',
  'KECAMATAN',
  'JUMLAH_ANGGOTA',
  'DESIL_RESMI',
];

/** CSV of every household in scope matching the filters, written page by page; the export is audited. */
export async function* exportHouseholdsCsv(
  db: Kysely<Database>,
  scope: Scope,
  actor: Actor,
  filters: HouseholdFilters,
): AsyncGenerator<string> {
  await recordAudit(db, actor, { action: 'export.households', targetType: 'household', after: { filters } });
  yield `\uFEFF${EXPORT_HEADERS.join(',')}\r\n`;
  const pageSize = 2000;
  for (let page = 1; ; page++) {
    const { rows } = await searchHouseholds(db, scope, filters, { page, pageSize, sort: 'village' });
    if (rows.length === 0) return;
    yield rows
      .map((r) =>
        [
          r.kk_number,
          r.head_nik,
          r.head_name,
          r.address,
          r.rt,
          r.rw,
          r.village_name,
          r.district_name,
          r.member_count,
          r.official_desil,
        ]
          .map((v) => csvField(v))
          .join(','),
      )
      .join('\r\n')
      .concat('\r\n');
    if (rows.length < pageSize) return;
  }
}

function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const s = escapeCell(String(value));
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
