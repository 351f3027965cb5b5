/**
 * SQL of the import feature except the commit (imports.commit.repository.ts): batches, staged rows,
 * mapping presets, the regions the validator matches against, and the diff against the previous
 * release of a source.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, ImportBatchStatus } from '../../platform/db/schema.ts';
import type { RegionAlias, RegionEntry, RegionLevel } from './parse/index.ts';
import type { DiffCounts } from './imports.summary.ts';
import type { StagedHousehold } from './validate/index.ts';

type Db = Kysely<Database> | Transaction<Database>;

export type ImportSource = 'kemensos' | 'beneficiaries';

/** A batch row as stored. */
export type BatchRow = Awaited<ReturnType<typeof findBatch>> & object;

/** Creates a batch for an uploaded file and returns its id. */
export async function insertBatch(
  db: Db,
  values: {
    source: ImportSource;
    fileName: string;
    filePath: string;
    fileSize: number;
    sha256: string;
    releaseDate: string;
    releaseLabel: string | null;
    sheet: string | null;
    mapping: unknown;
    createdBy: number | null;
    createdByName: string;
  },
): Promise<number> {
  const row = await db
    .insertInto('import_batch')
    .values({
      source: values.source,
      file_name: values.fileName,
      file_path: values.filePath,
      file_size: values.fileSize,
      file_sha256: values.sha256,
      release_date: values.releaseDate,
      release_label: values.releaseLabel,
      sheet: values.sheet,
      mapping: values.mapping === null ? null : JSON.stringify(values.mapping),
      sheets: '[]',
      headers: '[]',
      preview: '[]',
      counts: '{}',
      file_findings: '[]',
      created_by: values.createdBy,
      created_by_name: values.createdByName,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** One batch, or undefined. */
export function findBatch(db: Db, id: number) {
  return db.selectFrom('import_batch').selectAll().where('id', '=', id).executeTakeFirst();
}

/** One batch locked for the rest of the transaction (commit, discard). */
export function lockBatch(db: Transaction<Database>, id: number) {
  return db.selectFrom('import_batch').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/** Batches, newest first, with the label of their release. */
export async function listBatches(db: Db, page: { limit: number; offset: number }) {
  const rows = await db
    .selectFrom('import_batch as b')
    .leftJoin('source_release as r', 'r.id', 'b.release_id')
    .select([
      'b.id',
      'b.source',
      'b.layout',
      'b.file_name',
      'b.file_size',
      'b.sheet',
      'b.release_date',
      'b.release_label',
      'b.status',
      'b.counts',
      'b.release_id',
      'b.created_by_name',
      'b.created_at',
      'b.committed_at',
      'b.error',
      'r.label as release_name',
    ])
    .orderBy('b.id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  const total = await db
    .selectFrom('import_batch')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return { rows, total: Number(total.n) };
}

/** Fields of a batch that the service changes. */
export interface BatchPatch {
  status?: ImportBatchStatus;
  layout?: 'person' | 'family';
  format?: string | null;
  sheet?: string | null;
  sheets?: string[];
  headerRow?: number | null;
  headers?: string[];
  mapping?: unknown;
  autoMap?: unknown;
  preview?: unknown;
  counts?: unknown;
  fileFindings?: unknown;
  releaseId?: number | null;
  committedAt?: Date | null;
  error?: unknown;
  filePath?: string | null;
}

/** Updates a batch and touches its heartbeat. */
export async function updateBatch(db: Db, id: number, patch: BatchPatch): Promise<void> {
  const json = (v: unknown) => (v === null ? null : JSON.stringify(v));
  await db
    .updateTable('import_batch')
    .set({
      heartbeat_at: new Date(),
      ...(patch.status !== undefined ? { status: patch.status } : {}),
      ...(patch.layout !== undefined ? { layout: patch.layout } : {}),
      ...(patch.format !== undefined ? { format: patch.format } : {}),
      ...(patch.sheet !== undefined ? { sheet: patch.sheet } : {}),
      ...(patch.sheets !== undefined ? { sheets: JSON.stringify(patch.sheets) } : {}),
      ...(patch.headerRow !== undefined ? { header_row: patch.headerRow } : {}),
      ...(patch.headers !== undefined ? { headers: JSON.stringify(patch.headers) } : {}),
      ...(patch.mapping !== undefined ? { mapping: json(patch.mapping) } : {}),
      ...(patch.autoMap !== undefined ? { auto_map: json(patch.autoMap) } : {}),
      ...(patch.preview !== undefined ? { preview: JSON.stringify(patch.preview) } : {}),
      ...(patch.counts !== undefined ? { counts: JSON.stringify(patch.counts) } : {}),
      ...(patch.fileFindings !== undefined ? { file_findings: JSON.stringify(patch.fileFindings) } : {}),
      ...(patch.releaseId !== undefined ? { release_id: patch.releaseId } : {}),
      ...(patch.committedAt !== undefined ? { committed_at: patch.committedAt } : {}),
      ...(patch.error !== undefined ? { error: json(patch.error) } : {}),
      ...(patch.filePath !== undefined ? { file_path: patch.filePath } : {}),
    })
    .where('id', '=', id)
    .execute();
}

/** Marks a batch as being worked on, so that it is not taken for an interrupted one. */
export async function touchBatch(db: Db, id: number): Promise<void> {
  await db.updateTable('import_batch').set({ heartbeat_at: new Date() }).where('id', '=', id).execute();
}

/**
 * Batches left in `staging` or `committing` by a process that died: staging ones fail, committing
 * ones go back to `staged` (their commit transaction was rolled back), or fail when a crash emptied
 * their staged rows; committed ones whose follow-ups were still running get them marked
 * `interrupted`. Only batches untouched for `staleSeconds` count as left behind.
 */
export async function recoverInterruptedBatches(db: Db, staleSeconds: number, except: readonly number[]) {
  const error = {
    code: 'import_interrupted',
    message: {
      id: 'Proses impor terhenti (aplikasi dimatikan atau mati). Register tidak berubah; ulangi langkah terakhir.',
      en: 'The import stopped (the application was shut down or crashed). The registry is unchanged; repeat the last step.',
    },
  };
  const cutoff = new Date(Date.now() - staleSeconds * 1000);
  const ids = except.length > 0 ? except : [-1];
  await db
    .updateTable('import_batch')
    .set({ status: 'failed', error: JSON.stringify(error) })
    .where('status', '=', 'staging')
    .where('heartbeat_at', '<', cutoff)
    .where('id', 'not in', ids)
    .execute();
  // A crash also empties the unlogged import_row: such a batch has to be validated again.
  await sql`
    UPDATE import_batch b
    SET status = CASE WHEN EXISTS (SELECT 1 FROM import_row r WHERE r.batch_id = b.id) THEN 'staged' ELSE 'failed' END,
      error = ${JSON.stringify(error)}::jsonb
    WHERE b.status = 'committing' AND b.heartbeat_at < ${cutoff} AND NOT (b.id = ANY(${ids}::int[]))`.execute(
    db,
  );
  // Follow-ups (rescoring, duplicate search) cut off after a committed import: the import stands.
  await sql`
    UPDATE import_batch b
    SET counts = jsonb_set(b.counts, '{followUp}',
      (b.counts->'followUp') || jsonb_build_object('state', 'interrupted', 'finishedAt', now()))
    WHERE b.status = 'committed' AND b.counts->'followUp'->>'state' = 'running'
      AND b.heartbeat_at < ${cutoff} AND NOT (b.id = ANY(${ids}::int[]))`.execute(db);
}

/**
 * Stores what the follow-up steps of a committed batch did (counts.followUp), leaving the other
 * counts as they are, and marks the batch as worked on.
 */
export async function setFollowUp(db: Db, id: number, followUp: unknown): Promise<void> {
  await sql`
    UPDATE import_batch
    SET counts = jsonb_set(COALESCE(counts, '{}'::jsonb), '{followUp}', ${JSON.stringify(followUp)}::jsonb),
      heartbeat_at = now()
    WHERE id = ${id}`.execute(db);
}

/** Removes the staged rows of a batch (before re-validation, after discard). */
export async function deleteRows(db: Db, batchId: number): Promise<void> {
  await db.deleteFrom('import_row').where('batch_id', '=', batchId).execute();
}

/** One staged row, ready for insertion. */
export interface StagingRow {
  rowNumber: number;
  kkNumber: string | null;
  nik: string | null;
  /** Raw cells (dates as `{ d: iso }`), kept for rejected and preview rows only. */
  cells: unknown[] | null;
  record: unknown;
  /** The person of an accepted Kemensos row, stored in typed columns. */
  person: unknown;
  /** The family fields, on the first accepted row of each KK only, stored in typed columns. */
  household: StagedHouseholdFields | null;
  findings: unknown[] | null;
  rejected: boolean;
}

/** The family columns of import_row (h_*), as sent by insertRows. */
export type StagedHouseholdFields = Pick<
  StagedHousehold,
  'address' | 'rt' | 'rw' | 'villageCode' | 'districtCode' | 'desil' | 'dtsenId' | 'headName' | 'variables'
>;

/** The person columns of import_row, as sent by insertRows. */
interface StagedPersonFields {
  name: string | null;
  sex: number | null;
  birthDate: string | null;
  birthPlace: string | null;
  relationship: number | null;
  marital: number | null;
  schooling: number | null;
  education: number | null;
  work: number | null;
  disability: number | null;
  chronicIllness: number | null;
  healthInsurance: number | null;
}

// One staged row as the flat object json_to_recordset reads, keyed by its short column names.
// Always one of two fixed shapes (with or without the person), so that JSON.stringify takes its
// fast path: building a spread object per row and stringifying it alone cost twice as much.
function flatRow(r: StagingRow) {
  const h = r.household;
  return h === null ? flatRowWithoutFamily(r) : { ...flatRowWithoutFamily(r), ...familyColumns(h) };
}

// The family columns of the first accepted row of a KK (about one row in three).
function familyColumns(h: StagedHouseholdFields) {
  return {
    hp: true,
    ha: h.address,
    ht: h.rt,
    hw: h.rw,
    hv: h.villageCode,
    hd: h.districtCode,
    hs: h.desil,
    hi: h.dtsenId,
    hn: h.headName,
    hx: h.variables,
  };
}

function flatRowWithoutFamily(r: StagingRow) {
  const p = (r.person ?? null) as StagedPersonFields | null;
  if (p === null) {
    return { n: r.rowNumber, k: r.kkNumber, i: r.nik, c: r.cells, r: r.record, f: r.findings, x: r.rejected };
  }
  return {
    n: r.rowNumber,
    k: r.kkNumber,
    i: r.nik,
    c: r.cells,
    r: r.record,
    f: r.findings,
    x: r.rejected,
    pn: p.name,
    ps: p.sex,
    pb: p.birthDate,
    pp: p.birthPlace,
    pr: p.relationship,
    pm: p.marital,
    pc: p.schooling,
    pe: p.education,
    pw: p.work,
    pd: p.disability,
    pi: p.chronicIllness,
    ph: p.healthInsurance,
  };
}

/**
 * The JSON text insertRows sends for staged rows: one array of flat objects, keyed by the short
 * names of its json_to_recordset column list. Pure, so its cost can be measured without a database.
 */
export function stagingRowsJson(rows: readonly StagingRow[]): string {
  return JSON.stringify(rows.map(flatRow));
}

/**
 * Inserts staged rows with one statement: the rows travel as one JSON text turned into typed
 * columns by json_to_recordset in a single parse. That costs far less than array parameters,
 * whose every element pg escapes (3x on 90,000 rows), or than extracting fields one by one.
 */
export async function insertRows(db: Db, batchId: number, rows: readonly StagingRow[]): Promise<void> {
  if (rows.length === 0) return;
  await sql`
    INSERT INTO import_row (batch_id, row_number, kk_number, nik, cells, record, findings, rejected,
      p_name, p_sex, p_birth_date, p_birth_place, p_relationship, p_marital, p_schooling, p_education, p_work,
      p_disability, p_chronic_illness, p_health_insurance, h_present, h_address, h_rt, h_rw, h_village_code,
      h_district_code, h_desil, h_dtsen_id, h_head_name, h_variables)
    SELECT ${batchId}::int, x.n, x.k, x.i, x.c, x.r, x.f, x.x, x.pn, x.ps, x.pb, x.pp, x.pr, x.pm, x.pc, x.pe, x.pw,
      x.pd, x.pi, x.ph, COALESCE(x.hp, false), x.ha, x.ht, x.hw, x.hv, x.hd, x.hs, x.hi, x.hn, x.hx
    FROM json_to_recordset(${stagingRowsJson(rows)}::json) AS x(n int, k text, i text, c json, r json, f json,
      x boolean, pn text, ps smallint, pb date, pp text, pr smallint, pm smallint, pc smallint, pe smallint,
      pw smallint, pd smallint, pi smallint, ph smallint, hp boolean, ha text, ht text, hw text, hv text, hd text,
      hs smallint, hi text, hn text, hx json)`.execute(db);
}

/** Adds findings known only at the end of the file to the rows they concern. */
export async function appendFindings(
  db: Db,
  batchId: number,
  items: readonly { rowNumber: number; findings: unknown[] }[],
): Promise<void> {
  for (let i = 0; i < items.length; i += 5000) {
    const chunk = items.slice(i, i + 5000).map((x) => [x.rowNumber, x.findings]);
    await sql`
      UPDATE import_row r
      SET findings = (COALESCE(r.findings::jsonb, '[]'::jsonb) || (e->1)::jsonb)::json
      FROM json_array_elements(${JSON.stringify(chunk)}::json) AS e
      WHERE r.batch_id = ${batchId} AND r.row_number = (e->>0)::int`.execute(db);
  }
}

/** How many rows of a batch are staged (all of them, unless a crash emptied the unlogged table). */
export async function countRows(db: Db, batchId: number): Promise<number> {
  const res = await sql<{
    n: number;
  }>`SELECT count(*)::int AS n FROM import_row WHERE batch_id = ${batchId}`.execute(db);
  return res.rows[0]?.n ?? 0;
}

/** The first staged rows of a batch, for the preview. */
export function firstRows(db: Db, batchId: number, limit: number) {
  return db
    .selectFrom('import_row')
    .select(['row_number', 'cells', 'record', 'findings', 'rejected'])
    .where('batch_id', '=', batchId)
    .orderBy('row_number')
    .limit(limit)
    .execute();
}

/** Rejected rows of a batch in file order, one page after `afterRow`. */
export function rejectedRowsPage(db: Db, batchId: number, afterRow: number, limit: number) {
  return db
    .selectFrom('import_row')
    .select(['row_number', 'cells', 'findings'])
    .where('batch_id', '=', batchId)
    .where('rejected', '=', true)
    .where('row_number', '>', afterRow)
    .orderBy('row_number')
    .limit(limit)
    .execute();
}

/** An earlier release of the same source from the very same file and release date, if any. */
export function findIdenticalRelease(db: Db, source: string, sha256: string, releaseDate: string) {
  return db
    .selectFrom('source_release')
    .select(['id', 'label', 'release_date'])
    .where('source', '=', source)
    .where('file_sha256', '=', sha256)
    .where('release_date', '=', releaseDate)
    .orderBy('id')
    .executeTakeFirst();
}

/** The newest release of a source up to a date (the one a new release is compared with). */
export function findPreviousRelease(db: Db, source: string, releaseDate: string, excludeId: number | null) {
  return db
    .selectFrom('source_release')
    .select(['id', 'label', 'release_date'])
    .where('source', '=', source)
    .where('release_date', '<=', releaseDate)
    .where('id', '!=', excludeId ?? -1)
    .orderBy('release_date', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
}

/** A release by id. */
export function findRelease(db: Db, id: number) {
  return db
    .selectFrom('source_release')
    .select(['id', 'label', 'release_date'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The regions of the deployment and all known aliases, for the validator's region matcher. */
export async function loadRegions(db: Db): Promise<{ regions: RegionEntry[]; aliases: RegionAlias[] }> {
  const regions = await db.selectFrom('region').select(['code', 'name', 'level', 'parent_code']).execute();
  const aliases = await db.selectFrom('region_alias').select(['alias', 'code']).execute();
  return {
    regions: regions.map((r) => ({
      code: r.code,
      name: r.name,
      level: r.level as RegionLevel,
      parentCode: r.parent_code,
    })),
    aliases,
  };
}

// ---------------------------------------------------------------------------------------------
// Presets

/** Mapping presets, optionally of one source. */
export function listPresets(db: Db, source?: ImportSource) {
  let q = db.selectFrom('import_mapping_preset').selectAll().orderBy('source').orderBy('name');
  if (source) q = q.where('source', '=', source);
  return q.execute();
}

/** A preset by name and source. */
export function findPreset(db: Db, source: ImportSource, name: string) {
  return db
    .selectFrom('import_mapping_preset')
    .selectAll()
    .where('source', '=', source)
    .where('name', '=', name)
    .executeTakeFirst();
}

/** Creates or replaces a preset (unique per source and name). */
export function upsertPreset(
  db: Db,
  values: { name: string; source: ImportSource; mapping: unknown; createdBy: number | null },
) {
  return db
    .insertInto('import_mapping_preset')
    .values({
      name: values.name,
      source: values.source,
      mapping: JSON.stringify(values.mapping),
      created_by: values.createdBy,
    })
    .onConflict((oc) =>
      oc
        .columns(['source', 'name'])
        .doUpdateSet({ mapping: JSON.stringify(values.mapping), updated_at: new Date() }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
}

// ---------------------------------------------------------------------------------------------
// Diff against the previous release

export const DIFF_KINDS = [
  'new_family',
  'gone_family',
  'new_person',
  'gone_person',
  'moved_person',
  'desil_changed',
  'nik_conflict',
  'not_in_registry',
] as const;
export type DiffKind = (typeof DIFF_KINDS)[number];

/** One line of the diff. */
export interface DiffItem {
  kind: DiffKind;
  kk_number: string | null;
  nik: string | null;
  name: string | null;
  before: string | null;
  after: string | null;
}

// Families and persons of the staged file and of the previous release, as common table expressions.
function kemensosSets(batchId: number, previousId: number | null) {
  const prev = previousId ?? -1;
  return sql`
    sf AS MATERIALIZED (
      SELECT DISTINCT ON (r.kk_number) r.kk_number AS kk, r.h_desil::int AS desil,
        COALESCE(r.h_head_name, r.p_name) AS name
      FROM import_row r
      WHERE r.batch_id = ${batchId} AND NOT r.rejected AND r.kk_number IS NOT NULL AND r.h_present
      ORDER BY r.kk_number, r.row_number),
    sp AS MATERIALIZED (
      SELECT r.nik, r.kk_number AS kk, upper(r.p_name) AS name,
        COALESCE(r.nik, 'kk:' || r.kk_number || '|' || upper(r.p_name) || '|' || COALESCE(r.p_birth_date::text, '')) AS key
      FROM import_row r
      WHERE r.batch_id = ${batchId} AND NOT r.rejected AND r.p_name IS NOT NULL),
    pf AS MATERIALIZED (
      SELECT h.kk_number AS kk, max(d.desil)::int AS desil, min(h.id) AS household_id
      FROM record_provenance rp
      JOIN household h ON h.id = rp.entity_id
      LEFT JOIN household_official_desil d ON d.household_id = h.id AND d.release_id = rp.release_id
      WHERE rp.release_id = ${prev} AND rp.entity_type = 'household'
      GROUP BY h.kk_number),
    pp AS MATERIALIZED (
      SELECT p.nik, h.kk_number AS kk, p.name,
        COALESCE(p.nik, 'kk:' || h.kk_number || '|' || upper(p.name) || '|' || COALESCE(p.birth_date::text, '')) AS key
      FROM record_provenance rp
      JOIN person p ON p.id = rp.entity_id
      JOIN household h ON h.id = p.household_id
      WHERE rp.release_id = ${prev} AND rp.entity_type = 'person')`;
}

function beneficiarySets(batchId: number, previousId: number | null) {
  const prev = previousId ?? -1;
  return sql`
    sb AS MATERIALIZED (
      SELECT r.nik, upper(r.record->'b'->>'name') AS name, r.record->'b'->>'programme' AS programme,
        r.record->'b'->>'kkNumber' AS kk
      FROM import_row r
      WHERE r.batch_id = ${batchId} AND NOT r.rejected AND r.nik IS NOT NULL),
    pb AS MATERIALIZED (
      SELECT b.nik, b.name, b.programme, b.kk_number AS kk
      FROM programme_beneficiary b
      WHERE b.release_id = ${prev} AND b.programme IN (SELECT programme FROM sb))`;
}

/** The diff counts of a staged batch against a release (or against nothing, for the first one). */
export async function diffCounts(
  db: Db,
  source: ImportSource,
  batchId: number,
  previousId: number | null,
): Promise<DiffCounts> {
  if (source === 'beneficiaries') {
    const res = await sql<{ new_persons: number; gone_persons: number; not_in_registry: number }>`
      WITH ${beneficiarySets(batchId, previousId)}
      SELECT
        (SELECT count(*) FROM (SELECT DISTINCT nik, programme FROM sb) s
          WHERE NOT EXISTS (SELECT 1 FROM pb WHERE pb.nik = s.nik AND pb.programme = s.programme))::int AS new_persons,
        (SELECT count(*) FROM (SELECT DISTINCT nik, programme FROM pb) g
          WHERE NOT EXISTS (SELECT 1 FROM sb WHERE sb.nik = g.nik AND sb.programme = g.programme))::int AS gone_persons,
        (SELECT count(DISTINCT sb.nik) FROM sb WHERE NOT EXISTS (
          SELECT 1 FROM person p JOIN household h ON h.id = p.household_id
          WHERE p.nik = sb.nik AND p.status = 1 AND h.status = 1))::int AS not_in_registry`.execute(db);
    const r = res.rows[0];
    return {
      previousReleaseId: previousId,
      newFamilies: 0,
      goneFamilies: 0,
      newPersons: r?.new_persons ?? 0,
      gonePersons: r?.gone_persons ?? 0,
      movedPersons: 0,
      desilChanged: 0,
      nikConflicts: 0,
      notInRegistry: r?.not_in_registry ?? 0,
    };
  }
  const res = await sql<{
    new_families: number;
    gone_families: number;
    new_persons: number;
    gone_persons: number;
    moved: number;
    desil_changed: number;
    nik_conflicts: number;
  }>`
    WITH ${kemensosSets(batchId, previousId)}
    SELECT
      (SELECT count(*) FROM sf WHERE NOT EXISTS (SELECT 1 FROM pf WHERE pf.kk = sf.kk))::int AS new_families,
      (SELECT count(*) FROM pf WHERE NOT EXISTS (SELECT 1 FROM sf WHERE sf.kk = pf.kk))::int AS gone_families,
      (SELECT count(DISTINCT key) FROM sp WHERE NOT EXISTS (SELECT 1 FROM pp WHERE pp.key = sp.key))::int AS new_persons,
      (SELECT count(DISTINCT key) FROM pp WHERE NOT EXISTS (SELECT 1 FROM sp WHERE sp.key = pp.key))::int AS gone_persons,
      (SELECT count(DISTINCT sp.nik) FROM sp
        WHERE sp.nik IS NOT NULL
          AND EXISTS (SELECT 1 FROM pp WHERE pp.nik = sp.nik)
          AND NOT EXISTS (SELECT 1 FROM pp WHERE pp.nik = sp.nik AND pp.kk = sp.kk))::int AS moved,
      (SELECT count(*) FROM sf JOIN pf ON pf.kk = sf.kk
        WHERE sf.desil IS NOT NULL AND sf.desil IS DISTINCT FROM pf.desil)::int AS desil_changed,
      (SELECT count(DISTINCT sp.nik) FROM sp
        JOIN person p ON p.nik = sp.nik AND p.status = 1
        JOIN household h ON h.id = p.household_id AND h.status = 1
        WHERE sp.nik IS NOT NULL AND h.kk_number IS DISTINCT FROM sp.kk)::int AS nik_conflicts`.execute(db);
  const r = res.rows[0];
  return {
    previousReleaseId: previousId,
    newFamilies: r?.new_families ?? 0,
    goneFamilies: r?.gone_families ?? 0,
    newPersons: r?.new_persons ?? 0,
    gonePersons: r?.gone_persons ?? 0,
    movedPersons: r?.moved ?? 0,
    desilChanged: r?.desil_changed ?? 0,
    nikConflicts: r?.nik_conflicts ?? 0,
    notInRegistry: 0,
  };
}

// The diff lines of every kind, ordered by kind and key.
function diffItemsQuery(
  source: ImportSource,
  batchId: number,
  previousId: number | null,
  kind: DiffKind | null,
) {
  const only = kind === null ? sql`true` : sql`d.kind = ${kind}`;
  if (source === 'beneficiaries') {
    return sql<DiffItem>`
      WITH ${beneficiarySets(batchId, previousId)},
      d AS (
        SELECT DISTINCT 'new_person' AS kind, sb.kk AS kk_number, sb.nik, sb.name, NULL::text AS before, sb.programme AS after
        FROM sb WHERE NOT EXISTS (SELECT 1 FROM pb WHERE pb.nik = sb.nik AND pb.programme = sb.programme)
        UNION ALL
        SELECT DISTINCT 'gone_person', pb.kk, pb.nik, pb.name, pb.programme, NULL
        FROM pb WHERE NOT EXISTS (SELECT 1 FROM sb WHERE sb.nik = pb.nik AND sb.programme = pb.programme)
        UNION ALL
        SELECT DISTINCT 'not_in_registry', sb.kk, sb.nik, sb.name, NULL, sb.programme
        FROM sb WHERE NOT EXISTS (
          SELECT 1 FROM person p JOIN household h ON h.id = p.household_id
          WHERE p.nik = sb.nik AND p.status = 1 AND h.status = 1))
      SELECT * FROM d WHERE ${only}`;
  }
  return sql<DiffItem>`
    WITH ${kemensosSets(batchId, previousId)},
    d AS (
      SELECT 'new_family' AS kind, sf.kk AS kk_number, NULL::text AS nik, sf.name, NULL::text AS before,
        sf.desil::text AS after
      FROM sf WHERE NOT EXISTS (SELECT 1 FROM pf WHERE pf.kk = sf.kk)
      UNION ALL
      SELECT 'gone_family', pf.kk, NULL, (
          SELECT p.name FROM person p WHERE p.household_id = pf.household_id
          ORDER BY (p.relationship = 1) DESC, p.id LIMIT 1),
        pf.desil::text, NULL
      FROM pf WHERE NOT EXISTS (SELECT 1 FROM sf WHERE sf.kk = pf.kk)
      UNION ALL
      SELECT DISTINCT ON (sp.key) 'new_person', sp.kk, sp.nik, sp.name, NULL, NULL
      FROM sp WHERE NOT EXISTS (SELECT 1 FROM pp WHERE pp.key = sp.key)
      UNION ALL
      SELECT DISTINCT ON (pp.key) 'gone_person', pp.kk, pp.nik, pp.name, NULL, NULL
      FROM pp WHERE NOT EXISTS (SELECT 1 FROM sp WHERE sp.key = pp.key)
      UNION ALL
      SELECT DISTINCT ON (sp.nik) 'moved_person', sp.kk, sp.nik, sp.name,
        (SELECT string_agg(DISTINCT pp.kk, ', ') FROM pp WHERE pp.nik = sp.nik), sp.kk
      FROM sp
      WHERE sp.nik IS NOT NULL
        AND EXISTS (SELECT 1 FROM pp WHERE pp.nik = sp.nik)
        AND NOT EXISTS (SELECT 1 FROM pp WHERE pp.nik = sp.nik AND pp.kk = sp.kk)
      UNION ALL
      SELECT 'desil_changed', sf.kk, NULL, sf.name, pf.desil::text, sf.desil::text
      FROM sf JOIN pf ON pf.kk = sf.kk
      WHERE sf.desil IS NOT NULL AND sf.desil IS DISTINCT FROM pf.desil
      UNION ALL
      SELECT DISTINCT ON (sp.nik) 'nik_conflict', sp.kk, sp.nik, sp.name,
        (SELECT string_agg(DISTINCT h2.kk_number, ', ') FROM person p2 JOIN household h2 ON h2.id = p2.household_id
          WHERE p2.nik = sp.nik AND p2.status = 1 AND h2.status = 1 AND h2.kk_number IS DISTINCT FROM sp.kk),
        sp.kk
      FROM sp
      JOIN person p ON p.nik = sp.nik AND p.status = 1
      JOIN household h ON h.id = p.household_id AND h.status = 1
      WHERE sp.nik IS NOT NULL AND h.kk_number IS DISTINCT FROM sp.kk)
    SELECT * FROM d WHERE ${only}`;
}

/** One page of diff lines, optionally of one kind. */
export async function diffItemsPage(
  db: Db,
  source: ImportSource,
  batchId: number,
  previousId: number | null,
  opts: { kind: DiffKind | null; limit: number; offset: number },
): Promise<DiffItem[]> {
  const q = diffItemsQuery(source, batchId, previousId, opts.kind);
  const res = await sql<DiffItem>`
    SELECT * FROM (${q}) x ORDER BY x.kind, x.kk_number NULLS LAST, x.nik NULLS LAST
    LIMIT ${opts.limit} OFFSET ${opts.offset}`.execute(db);
  return res.rows;
}

/**
 * Every diff line through a server-side cursor, so a diff of a whole city streams into a
 * spreadsheet without being held in memory.
 */
export async function streamDiffItems(
  db: Kysely<Database>,
  source: ImportSource,
  batchId: number,
  previousId: number | null,
  each: (rows: DiffItem[]) => Promise<void>,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const q = diffItemsQuery(source, batchId, previousId, null);
    await sql`DECLARE tepat_diff NO SCROLL CURSOR FOR
      SELECT * FROM (${q}) x ORDER BY x.kind, x.kk_number NULLS LAST, x.nik NULLS LAST`.execute(trx);
    for (;;) {
      const page = await sql<DiffItem>`FETCH 5000 FROM tepat_diff`.execute(trx);
      if (page.rows.length === 0) break;
      await each(page.rows);
    }
    await sql`CLOSE tepat_diff`.execute(trx);
  });
}
