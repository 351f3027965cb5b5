import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import { AppError, errors } from '../../platform/errors.ts';
import { recordAudit, diffFields, findHouseholdHistory, type Actor } from '../audit/index.ts';
import {
  validateHouseholdVariables,
  type HouseholdVariables,
} from '../../../shared/dictionary/dictionary.ts';
import { validateNik } from '../../../shared/domain/nik.ts';
import type { Scope } from '../access/scope.ts';
import { rescoreAfterChange } from '../scoring/index.ts';
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
  await recordAudit(db, actor, {
    action: 'view.household',
    targetType: 'household',
    targetId: id,
    householdId: id,
  });
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

export interface HouseholdChanges {
  address?: string | undefined;
  rw?: string | undefined;
  rt?: string | undefined;
  lat?: number | null | undefined;
  lng?: number | null | undefined;
  variables?: HouseholdVariables | undefined;
}

export interface PersonChanges {
  name?: string | undefined;
  nik?: string | null | undefined;
  sex?: number | null | undefined;
  birthDate?: string | null | undefined;
  birthPlace?: string | null | undefined;
  relationship?: number | null | undefined;
  marital?: number | null | undefined;
  schooling?: number | null | undefined;
  education?: number | null | undefined;
  work?: number | null | undefined;
  disability?: number | null | undefined;
  chronicIllness?: number | null | undefined;
  healthInsurance?: number | null | undefined;
  status?: number | undefined;
}

function staleVersion(): AppError {
  return new AppError('stale_version', 409, {
    id: 'Data ini sudah diubah orang lain. Muat ulang halaman lalu ulangi perubahan Anda.',
    en: 'Someone else changed this record. Reload the page and make your change again.',
  });
}

function requireReason(reason: string): void {
  if (reason.trim().length < 5)
    throw errors.invalid(
      'Tuliskan alasan perubahan (minimal 5 karakter).',
      'Give a reason for the change (at least 5 characters).',
    );
}

/*
 * Edits rescore their household inside the edit's own transaction: rescoreHouseholds accepts a
 * transaction, and its lock (pg_advisory_xact_lock) is released with it. So the stored estimate and
 * criteria never describe facts other than the committed ones (no stale window, no second round trip
 * on PGlite's single connection), and a rescoring failure rolls the edit back instead of leaving it
 * unscored. The price: an edit waits while a full rescoring (a model activation) holds the lock.
 */

/**
 * Changes a household's address, RT/RW, location or socio-economic variables, with a reason, and
 * rescores it. The expected version guards against overwriting someone else's change; before/after
 * go to the audit log.
 */
export async function updateHousehold(
  db: Kysely<Database>,
  scope: Scope,
  actor: Actor,
  id: number,
  input: { version: number; reason: string; changes: HouseholdChanges },
) {
  requireReason(input.reason);
  const { changes } = input;
  if (changes.variables) {
    const problems = validateHouseholdVariables(changes.variables);
    if (problems.length > 0)
      throw errors.invalid(
        `Variabel tidak valid: ${problems.map((p) => `${p.key} (${p.problem})`).join(', ')}`,
        `Invalid variables: ${problems.map((p) => `${p.key} (${p.problem})`).join(', ')}`,
      );
  }
  return db.transaction().execute(async (trx) => {
    const current = await findHousehold(trx, scope, id);
    if (!current) throw errors.notFound();
    if (current.version !== input.version) throw staleVersion();
    const next = {
      address: changes.address ?? current.address,
      rw: changes.rw !== undefined ? changes.rw.padStart(3, '0') : current.rw,
      rt: changes.rt !== undefined ? changes.rt.padStart(3, '0') : current.rt,
      lat: changes.lat !== undefined ? changes.lat : current.lat,
      lng: changes.lng !== undefined ? changes.lng : current.lng,
      variables: changes.variables ? { ...current.variables, ...changes.variables } : current.variables,
    };
    const { variables: nextVars, ...nextFields } = next;
    const diff = diffFields(current as unknown as Record<string, unknown>, nextFields);
    const varDiff = diffFields(current.variables as Record<string, unknown>, nextVars);
    if (Object.keys(varDiff.after).length > 0) {
      diff.before.variables = varDiff.before;
      diff.after.variables = varDiff.after;
    }
    if (Object.keys(diff.after).length === 0) return { changed: false, version: current.version };
    await trx
      .updateTable('household')
      .set({
        ...next,
        variables: JSON.stringify(next.variables),
        version: current.version + 1,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, actor, {
      action: 'household.update',
      targetType: 'household',
      targetId: id,
      householdId: id,
      before: diff.before,
      after: diff.after,
      reason: input.reason,
    });
    await rescoreAfterChange(trx, [id], actor);
    return { changed: true, version: current.version + 1 };
  });
}

/**
 * Changes a person's fields (status too: deceased, moved away) with a reason, after the same checks as
 * a household change, and rescores the person's household in the same transaction.
 */
export async function updatePerson(
  db: Kysely<Database>,
  scope: Scope,
  actor: Actor,
  id: number,
  input: { version: number; reason: string; changes: PersonChanges },
) {
  requireReason(input.reason);
  return db.transaction().execute(async (trx) => {
    const person = await trx.selectFrom('person').selectAll().where('id', '=', id).executeTakeFirst();
    if (!person || !(await findHousehold(trx, scope, person.household_id))) throw errors.notFound();
    if (person.version !== input.version) throw staleVersion();
    const c = input.changes;
    const next = {
      name: c.name !== undefined ? c.name.trim().toUpperCase() : person.name,
      nik: c.nik !== undefined ? c.nik : person.nik,
      sex: c.sex !== undefined ? c.sex : person.sex,
      birth_date: c.birthDate !== undefined ? c.birthDate : person.birth_date,
      birth_place: c.birthPlace !== undefined ? c.birthPlace : person.birth_place,
      relationship: c.relationship !== undefined ? c.relationship : person.relationship,
      marital: c.marital !== undefined ? c.marital : person.marital,
      schooling: c.schooling !== undefined ? c.schooling : person.schooling,
      education: c.education !== undefined ? c.education : person.education,
      work: c.work !== undefined ? c.work : person.work,
      disability: c.disability !== undefined ? c.disability : person.disability,
      chronic_illness: c.chronicIllness !== undefined ? c.chronicIllness : person.chronic_illness,
      health_insurance: c.healthInsurance !== undefined ? c.healthInsurance : person.health_insurance,
      status: c.status ?? person.status,
    };
    if (next.nik) {
      const findings = validateNik(
        next.nik,
        { birthDate: next.birth_date, sex: next.sex === 1 || next.sex === 2 ? next.sex : null },
        { source: 'typed' },
      );
      const fatal = findings.filter((f) => f.severity === 'error');
      if (fatal.length > 0)
        throw errors.invalid(
          fatal.map((f) => f.message.id).join(' '),
          fatal.map((f) => f.message.en).join(' '),
        );
    }
    const diff = diffFields(person as unknown as Record<string, unknown>, next);
    if (Object.keys(diff.after).length === 0) return { changed: false, version: person.version };
    await trx
      .updateTable('person')
      .set({ ...next, version: person.version + 1, updated_at: new Date() })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, actor, {
      action: 'person.update',
      targetType: 'person',
      targetId: id,
      householdId: person.household_id,
      before: diff.before,
      after: diff.after,
      reason: input.reason,
    });
    await rescoreAfterChange(trx, [person.household_id], actor);
    return { changed: true, version: person.version + 1 };
  });
}
