/**
 * Helpers shared by the import tests: running a whole import against a test database, and the
 * rows a demo city's Kemensos-style XLSX must reject according to the generator's ground truth.
 */
import { sql, type Kysely } from 'kysely';
import { validateNik } from '../../../shared/domain/nik.ts';
import type { Database } from '../../platform/db/schema.ts';
import { SYSTEM_ACTOR } from '../audit/index.ts';
import { KEMENSOS_HEADER_ROW, type DemoCity } from '../demo/index.ts';
import type { Mapping } from './parse/index.ts';
import {
  commitBatch,
  createBatch,
  stageBatch,
  type CommitResult,
  type StageResult,
} from './imports.service.ts';

/** Settings of the pipeline in tests (Kota Bontang, in-memory data folder). */
export const TEST_SETTINGS = { regionCode: '64.74', maxUploadBytes: 200 * 1024 * 1024, dataDir: 'memory://' };

/** Creates, stages and (unless `commit: false`) commits a file; returns the batch id and results. */
export async function importFile(
  db: Kysely<Database>,
  filePath: string,
  opts: {
    source?: 'kemensos' | 'beneficiaries';
    releaseDate: string;
    mapping?: Mapping | null;
    commit?: boolean;
    fileName?: string;
  },
): Promise<{ batchId: number; stage: StageResult; commit: CommitResult | null }> {
  const batchId = await createBatch(db, SYSTEM_ACTOR, {
    source: opts.source ?? 'kemensos',
    fileName: opts.fileName ?? filePath.split('/').pop() ?? 'file',
    filePath,
    releaseDate: opts.releaseDate,
    mapping: opts.mapping ?? null,
  });
  const stage = await stageBatch(db, batchId, { settings: TEST_SETTINGS, chunkSize: 500 });
  const commit =
    opts.commit === false || stage.status !== 'staged' ? null : await commitBatch(db, SYSTEM_ACTOR, batchId);
  return { batchId, stage, commit };
}

/** Row counts of the registry tables an import writes. */
export async function registryCounts(db: Kysely<Database>) {
  const res = await sql<{
    households: number;
    persons: number;
    releases: number;
    desil: number;
    provenance: number;
    beneficiaries: number;
  }>`
    SELECT (SELECT count(*) FROM household)::int AS households,
      (SELECT count(*) FROM person)::int AS persons,
      (SELECT count(*) FROM source_release)::int AS releases,
      (SELECT count(*) FROM household_official_desil)::int AS desil,
      (SELECT count(*) FROM record_provenance)::int AS provenance,
      (SELECT count(*) FROM programme_beneficiary)::int AS beneficiaries`.execute(db);
  const row = res.rows[0];
  if (!row) throw new Error('no counts');
  return row;
}

/** A fingerprint of every registry value (ids, fields, versions), to prove that nothing changed. */
export async function registryFingerprint(db: Kysely<Database>): Promise<string> {
  const res = await sql<{ h: string; p: string }>`
    SELECT
      (SELECT md5(string_agg(concat_ws('|', id, kk_number, address, rw, rt, village_code, district_code, dtsen_id,
          variables::text, official_desil, status, version, updated_at), ',' ORDER BY id)) FROM household) AS h,
      (SELECT md5(string_agg(concat_ws('|', id, household_id, nik, name, sex, birth_date, birth_place, relationship,
          marital, schooling, education, work, disability, chronic_illness, health_insurance, status, version, updated_at),
          ',' ORDER BY id)) FROM person) AS p`.execute(db);
  return `${res.rows[0]?.h ?? ''}/${res.rows[0]?.p ?? ''}`;
}

const NIK_CODE: Record<string, string> = {
  unknown_province: 'nik_unknown_province',
  day_zero: 'nik_bad_day',
  day_out_of_range: 'nik_bad_day',
  month_invalid: 'nik_bad_month',
  // A NIK ending in 0000 in a spreadsheet is taken for Excel damage, not typed as such.
  serial_zero: 'nik_excel_damaged',
  length_15: 'nik_not_16_digits',
  length_17: 'nik_not_16_digits',
  excel_damaged: 'nik_excel_damaged',
  non_digit: 'nik_non_digit',
};
const KK_CODE: Record<string, string> = {
  unknown_province: 'kk_unknown_province',
  length_15: 'kk_not_16_digits',
  length_17: 'kk_not_16_digits',
  excel_damaged: 'kk_excel_damaged',
  non_digit: 'kk_non_digit',
};

/** What the ground truth says about each row of the demo XLSX. */
export interface ExpectedRow {
  rowNumber: number;
  personId: number;
  householdId: number;
  /** Reason codes the row must carry; empty for a row that must be accepted. */
  codes: string[];
}

/**
 * The expected verdict for every row of writeKemensosStyleXlsx(city): rows of persons with an
 * injected invalid NIK, rows of households with an injected invalid KK number, duplicate records
 * whose mistyped NIK breaks the NIK rules, and the later of two rows with the same NIK in the same
 * KK (injected shared NIKs and duplicate records) are rejected with their reason; every other row
 * is accepted.
 */
export function expectedRows(city: DemoCity): ExpectedRow[] {
  const nikDefect = new Map<number, string>();
  const kkDefect = new Map<number, string>();
  for (const d of city.truth.defects) {
    const kind = d.detail.split(':')[0] ?? '';
    if (d.type === 'invalid_nik' && d.personId !== null) {
      const code = NIK_CODE[kind];
      if (!code) throw new Error(`unknown invalid_nik kind ${kind}`);
      nikDefect.set(d.personId, code);
    }
    if (d.type === 'invalid_kk') {
      const code = KK_CODE[kind];
      if (!code) throw new Error(`unknown invalid_kk kind ${kind}`);
      kkDefect.set(d.householdId, code);
    }
  }
  // A duplicate record with a mistyped NIK may carry a NIK that breaks the NIK rules itself.
  const typo = new Set(city.truth.defects.filter((d) => d.type === 'nik_typo').map((d) => d.personId));
  const seen = new Set<string>();
  return city.persons.map((p, i) => {
    const codes: string[] = [];
    const kk = kkDefect.get(p.householdId);
    if (kk) codes.push(kk);
    const nik = nikDefect.get(p.id);
    if (nik) codes.push(nik);
    if (typo.has(p.id) && p.nik !== null) {
      const broken = validateNik(p.nik, { birthDate: p.birthDate, sex: p.sex }, { source: 'spreadsheet' });
      for (const f of broken) if (f.severity === 'error') codes.push(f.code);
    }
    if (codes.length === 0 && p.nik !== null) {
      const key = `${p.householdId}|${p.nik}`;
      if (seen.has(key)) codes.push('nik_duplicate_in_file');
      else seen.add(key);
    }
    return { rowNumber: KEMENSOS_HEADER_ROW + 1 + i, personId: p.id, householdId: p.householdId, codes };
  });
}
