import { sql, type Expression, type Kysely, type QueryResult, type SqlBool, type Transaction } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import { householdInScope, type Scope } from '../access/scope.ts';

export interface HouseholdFilters {
  q?: string | undefined;
  districtCode?: string | undefined;
  villageCode?: string | undefined;
  rw?: string | undefined;
  rt?: string | undefined;
  desil?: number | undefined;
  status?: number | undefined;
}

export type HouseholdSort = 'kk' | 'name' | 'desil' | 'village' | 'relevance';

/** How a free-text query is read: digits are NIK/KK numbers (prefix), anything else a name or address. */
export function classifyQuery(
  q: string | undefined,
): { kind: 'none' } | { kind: 'number' | 'text'; value: string } {
  const value = (q ?? '').trim().replace(/\s+/g, ' ');
  if (value.length === 0) return { kind: 'none' };
  const digits = value.replace(/[\s.'-]/g, '');
  if (/^\d{4,16}$/.test(digits)) return { kind: 'number', value: digits };
  return { kind: 'text', value: value.toUpperCase() };
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * A name query matched against `column` (an upper-cased name): every word of two letters or more must
 * match a word of the name (trigram word similarity), so "MUHAMMAD RIZKY" looks up the few names with
 * both instead of the thousands with MUHAMMAD; the trigram index intersects the words' candidates.
 */
function nameMatches(value: string, column: ReturnType<typeof sql>): Expression<SqlBool> {
  const words = [...new Set(value.split(' ').filter((w) => w.length >= 2))];
  const parts = (words.length > 0 ? words : [value]).map((w) => sql<SqlBool>`${w} <% ${column}`);
  return sql.join(parts, sql` AND `) as unknown as Expression<SqlBool>;
}

function householdWhere(scope: Scope, f: HouseholdFilters): Expression<SqlBool> {
  const parts: Expression<SqlBool>[] = [householdInScope(scope, 'h')];
  if (f.districtCode) parts.push(sql<SqlBool>`h.district_code = ${f.districtCode}`);
  if (f.villageCode) parts.push(sql<SqlBool>`h.village_code = ${f.villageCode}`);
  if (f.rw) parts.push(sql<SqlBool>`h.rw = ${f.rw.padStart(3, '0')}`);
  if (f.rt) parts.push(sql<SqlBool>`h.rt = ${f.rt.padStart(3, '0')}`);
  if (f.desil) parts.push(sql<SqlBool>`h.official_desil = ${f.desil}`);
  parts.push(sql<SqlBool>`h.status = ${f.status ?? 1}`);
  const q = classifyQuery(f.q);
  if (q.kind === 'number') {
    const prefix = `${escapeLike(q.value)}%`;
    parts.push(
      sql<SqlBool>`h.id IN (SELECT y.id FROM household y WHERE y.kk_number LIKE ${prefix}
        UNION SELECT p.household_id FROM person p WHERE p.nik LIKE ${prefix})`,
    );
  } else if (q.kind === 'text') {
    parts.push(
      sql<SqlBool>`h.id IN (SELECT p.household_id FROM person p WHERE ${nameMatches(q.value, sql`upper(p.name)`)}
        UNION SELECT y.id FROM household y WHERE y.address ILIKE ${`%${escapeLike(q.value)}%`})`,
    );
  }
  return sql.join(parts, sql` AND `) as unknown as Expression<SqlBool>;
}

const ORDER: Record<HouseholdSort, ReturnType<typeof sql>> = {
  kk: sql`h.kk_number NULLS LAST, h.id`,
  name: sql`(SELECT p.name FROM person p WHERE p.household_id = h.id AND p.relationship = 1 ORDER BY p.status, p.id LIMIT 1) NULLS LAST, h.id`,
  desil: sql`h.official_desil NULLS LAST, h.id`,
  village: sql`h.village_code, h.rw, h.rt, h.id`,
  relevance: sql`h.id`,
};

/** A page of households matching filters within a scope, with head and member count. */
async function searchHouseholdsOnce(
  db: Db,
  scope: Scope,
  filters: HouseholdFilters,
  page: { page: number; pageSize: number; sort: HouseholdSort },
) {
  const where = householdWhere(scope, filters);
  const q = classifyQuery(filters.q);
  const order =
    q.kind === 'text' && page.sort === 'relevance'
      ? sql`(SELECT max(word_similarity(${q.value}, upper(p.name))) FROM person p WHERE p.household_id = h.id) DESC NULLS LAST, h.id`
      : ORDER[page.sort];
  // A name search counts its matches with the page (one pass over the trigram index instead of two);
  // other searches run page and count side by side on a server pool (PGlite queues them).
  const counted = q.kind === 'text';
  const rowsQuery = sql<{
    id: number;
    total: number;
    kk_number: string | null;
    address: string;
    rw: string;
    rt: string;
    village_code: string;
    village_name: string;
    district_name: string;
    official_desil: number | null;
    status: number;
    head_name: string | null;
    head_nik: string | null;
    member_count: number;
  }>`
    WITH page AS (
      SELECT h.id, row_number() OVER (ORDER BY ${order}) AS rn, ${counted ? sql`count(*) OVER ()` : sql`0`}::int AS total
      FROM household h
      WHERE ${where}
      ORDER BY ${order}
      LIMIT ${page.pageSize} OFFSET ${(page.page - 1) * page.pageSize}
    )
    SELECT h.id, page.total, h.kk_number, h.address, h.rw, h.rt, h.village_code, v.name AS village_name, d.name AS district_name,
      h.official_desil, h.status, head.name AS head_name, head.nik AS head_nik,
      (SELECT count(*)::int FROM person m WHERE m.household_id = h.id AND m.status = 1) AS member_count
    FROM page
    JOIN household h ON h.id = page.id
    JOIN region v ON v.code = h.village_code
    JOIN region d ON d.code = h.district_code
    LEFT JOIN LATERAL (
      SELECT p.name, p.nik FROM person p WHERE p.household_id = h.id
      ORDER BY (p.relationship = 1) DESC, p.status, p.id LIMIT 1
    ) head ON true
    ORDER BY page.rn`.execute(db);
  const count = () =>
    sql<{ n: number }>`SELECT count(*)::int AS n FROM household h WHERE ${where}`.execute(db);
  return pageWithTotal(rowsQuery, counted ? undefined : count(), count, page.page);
}

/**
 * The rows of a page with the total number of matches: from the count query when there is one, else
 * from the rows' own `total` (a window count), counting separately only for a page past the end.
 */
async function pageWithTotal<R extends { total: number }>(
  rowsQuery: Promise<QueryResult<R>>,
  countQuery: Promise<QueryResult<{ n: number }>> | undefined,
  count: () => Promise<QueryResult<{ n: number }>>,
  pageNumber: number,
): Promise<{ rows: Omit<R, 'total'>[]; total: number }> {
  const [rows, counted] = await Promise.all([rowsQuery, countQuery]);
  const strip = rows.rows.map(({ total: _total, ...rest }) => rest);
  if (counted) return { rows: strip, total: counted.rows[0]?.n ?? 0 };
  const first = rows.rows[0];
  if (first) return { rows: strip, total: first.total };
  return { rows: strip, total: pageNumber > 1 ? ((await count()).rows[0]?.n ?? 0) : 0 };
}

/** A page of persons matching filters within a scope. */
async function searchPersonsOnce(
  db: Db,
  scope: Scope,
  filters: Omit<HouseholdFilters, 'desil'>,
  page: { page: number; pageSize: number },
) {
  const parts: Expression<SqlBool>[] = [
    householdInScope(scope, 'h'),
    sql<SqlBool>`p.status = ${filters.status ?? 1}`,
  ];
  if (filters.districtCode) parts.push(sql<SqlBool>`h.district_code = ${filters.districtCode}`);
  if (filters.villageCode) parts.push(sql<SqlBool>`h.village_code = ${filters.villageCode}`);
  if (filters.rw) parts.push(sql<SqlBool>`h.rw = ${filters.rw.padStart(3, '0')}`);
  if (filters.rt) parts.push(sql<SqlBool>`h.rt = ${filters.rt.padStart(3, '0')}`);
  const q = classifyQuery(filters.q);
  let order = sql`p.name, p.id`;
  if (q.kind === 'number') {
    const prefix = `${escapeLike(q.value)}%`;
    parts.push(
      sql<SqlBool>`p.id IN (SELECT x.id FROM person x WHERE x.nik LIKE ${prefix}
        UNION SELECT x.id FROM person x JOIN household y ON y.id = x.household_id WHERE y.kk_number LIKE ${prefix})`,
    );
  } else if (q.kind === 'text') {
    parts.push(
      sql<SqlBool>`p.id IN (SELECT x.id FROM person x WHERE ${nameMatches(q.value, sql`upper(x.name)`)}
        UNION SELECT x.id FROM person x JOIN household y ON y.id = x.household_id
          WHERE y.address ILIKE ${`%${escapeLike(q.value)}%`})`,
    );
    order = sql`word_similarity(${q.value}, upper(p.name)) DESC, p.name, p.id`;
  }
  const where = sql.join(parts, sql` AND `);
  const counted = q.kind === 'text';
  const rowsQuery = sql<{
    id: number;
    total: number;
    nik: string | null;
    name: string;
    sex: number | null;
    birth_date: string | null;
    relationship: number | null;
    household_id: number;
    kk_number: string | null;
    address: string;
    village_name: string;
    rw: string;
    rt: string;
    status: number;
  }>`
    SELECT p.id, p.nik, p.name, p.sex, p.birth_date, p.relationship, p.household_id, h.kk_number, h.address,
      v.name AS village_name, h.rw, h.rt, p.status, ${counted ? sql`count(*) OVER ()` : sql`0`}::int AS total
    FROM person p
    JOIN household h ON h.id = p.household_id
    JOIN region v ON v.code = h.village_code
    WHERE ${where}
    ORDER BY ${order}
    LIMIT ${page.pageSize} OFFSET ${(page.page - 1) * page.pageSize}`.execute(db);
  const count = () =>
    sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM person p JOIN household h ON h.id = p.household_id WHERE ${where}`.execute(
      db,
    );
  return pageWithTotal(rowsQuery, counted ? undefined : count(), count, page.page);
}

type Db = Kysely<Database> | Transaction<Database>;

/**
 * Runs a search, and when a name query finds nothing, runs it again with a looser trigram threshold
 * (0.3 instead of PostgreSQL's 0.6), so a short name with a dropped letter (KUNIA for KURNIA) is still
 * found while ordinary searches stay selective and fast.
 */
async function withNameFallback<T extends { total: number }>(
  db: Kysely<Database>,
  q: string | undefined,
  run: (db: Db) => Promise<T>,
): Promise<T> {
  const first = await run(db);
  if (first.total > 0 || classifyQuery(q).kind !== 'text') return first;
  return db.transaction().execute(async (trx) => {
    await sql`SET LOCAL pg_trgm.word_similarity_threshold = 0.3`.execute(trx);
    return run(trx);
  });
}

/** A page of households matching filters within a scope, with head and member count. */
export function searchHouseholds(
  db: Kysely<Database>,
  scope: Scope,
  filters: HouseholdFilters,
  page: { page: number; pageSize: number; sort: HouseholdSort },
) {
  return withNameFallback(db, filters.q, (d) => searchHouseholdsOnce(d, scope, filters, page));
}

/** A page of persons matching filters within a scope. */
export function searchPersons(
  db: Kysely<Database>,
  scope: Scope,
  filters: Omit<HouseholdFilters, 'desil'>,
  page: { page: number; pageSize: number },
) {
  return withNameFallback(db, filters.q, (d) => searchPersonsOnce(d, scope, filters, page));
}

/** One household with its regions, if it lies within the scope. */
export async function findHousehold(db: Kysely<Database> | Transaction<Database>, scope: Scope, id: number) {
  return db
    .selectFrom('household as h')
    .innerJoin('region as v', 'v.code', 'h.village_code')
    .innerJoin('region as d', 'd.code', 'h.district_code')
    .leftJoin('source_release as r', 'r.id', 'h.official_desil_release_id')
    .selectAll('h')
    .select([
      'v.name as village_name',
      'd.name as district_name',
      'r.label as release_label',
      'r.release_date as release_date',
    ])
    .where('h.id', '=', id)
    .where(householdInScope(scope, 'h'))
    .executeTakeFirst();
}

/** Members of a household, head first. */
export function findMembers(db: Kysely<Database>, householdId: number) {
  return db
    .selectFrom('person')
    .selectAll()
    .where('household_id', '=', householdId)
    .orderBy(sql`(relationship = 1)`, 'desc')
    .orderBy('status')
    .orderBy('relationship')
    .orderBy('birth_date')
    .execute();
}

/** Every official desil a household received, newest release first. */
export function findDesilHistory(db: Kysely<Database>, householdId: number) {
  return db
    .selectFrom('household_official_desil as o')
    .innerJoin('source_release as r', 'r.id', 'o.release_id')
    .select(['o.release_id', 'r.label', 'r.release_date', 'o.desil'])
    .where('o.household_id', '=', householdId)
    .orderBy('r.release_date', 'desc')
    .execute();
}
