import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSeededApp, type SeededApp } from '../../../../test/helpers/seed.ts';
import type { TestClient } from '../../../../test/helpers/http.ts';
import { rescoreHouseholds } from './scoring.rescore.ts';
import { readScoringChunk } from './scoring.repository.ts';
import { variablesTextOf } from './scoring.inputs.ts';
import { desilFromCutPoints, parsePmtModel } from './pmt/index.ts';

const LOK_TUAN = '64.74.01.1003';
const shipped = parsePmtModel(
  readFileSync(new URL('../../../../models/pmt/default-v1.json', import.meta.url), 'utf8'),
);

interface Page<T> {
  items: T[];
  total: number;
}
interface ConflictItem {
  householdId: number;
  villageCode: string;
  headName: string | null;
  officialDesil: number | null;
  estimatedDesil: number;
  conflicts: { code: string; message: { id: string; en: string } }[];
}
interface Ranking {
  official: { desil: number | null; release: { label: string } | null; history: unknown[] };
  estimate: {
    desil: number;
    logPce: number;
    predictedPce: number;
    stale: boolean;
    stored: boolean;
    model: { key: string; version: number };
  } | null;
  explanation: {
    logPce: number;
    desil: number;
    summary: { id: string; en: string };
    factors: unknown[];
    arithmetic: { baseline: number; terms: { contribution: number }[]; text: { id: string; en: string } };
  } | null;
  criteria: {
    category: string;
    firedRules: { id: string }[];
    reasons: { id: string; en: string }[];
    programs: string[];
  } | null;
  conflicts: { code: string; message: { id: string; en: string } }[];
}

let s: SeededApp;
const clients = new Map<string, TestClient>();
/** Logging in hashes a password (argon2): one client per account for the whole file. */
async function as(username: string): Promise<TestClient> {
  const known = clients.get(username);
  if (known) return known;
  const client = await s.as(username);
  clients.set(username, client);
  return client;
}
let activeHouseholds: number;
/** A Lok Tuan household in official desil ≤ 4 turned into an ASN household for the conflict tests. */
let asnHousehold: number;

async function activeModelId(): Promise<number> {
  const r = await sql<{ id: number }>`SELECT id FROM pmt_model WHERE active`.execute(s.handle.db);
  const id = r.rows[0]?.id;
  if (id === undefined) throw new Error('no active model');
  return id;
}

beforeAll(async () => {
  s = await createSeededApp({ households: 400 });
  const n = await sql<{ n: number }>`SELECT count(*)::int AS n FROM household WHERE status = 1`.execute(
    s.handle.db,
  );
  activeHouseholds = n.rows[0]?.n ?? 0;
  const pick = await sql<{ id: number }>`
    SELECT h.id FROM household h
    WHERE h.village_code = ${LOK_TUAN} AND h.official_desil <= 4 AND h.status = 1
      AND NOT EXISTS (SELECT 1 FROM person p WHERE p.household_id = h.id AND p.work IN (5, 6))
    ORDER BY h.id LIMIT 1`.execute(s.handle.db);
  const id = pick.rows[0]?.id;
  if (id === undefined) throw new Error('demo city has no Lok Tuan household in desil 1–4');
  asnHousehold = id;
});
afterAll(async () => {
  await s?.close();
});

describe('scores after seeding', () => {
  it('stores a score and a criteria category for every active household, with the shipped model', async () => {
    const modelId = await activeModelId();
    const counts = await sql<{
      scores: number;
      criteria: number;
      inputs: number;
      key: string;
      version: number;
    }>`
      SELECT (SELECT count(*)::int FROM household_score s JOIN household h ON h.id = s.household_id
                WHERE s.model_id = ${modelId} AND h.status = 1) AS scores,
             (SELECT count(*)::int FROM household_criteria c JOIN criteria_rule_set r ON r.id = c.rule_set_id AND r.active) AS criteria,
             (SELECT count(DISTINCT household_id)::int FROM household_input) AS inputs,
             m.model_key AS key, m.version
      FROM pmt_model m WHERE m.id = ${modelId}`.execute(s.handle.db);
    const row = counts.rows[0];
    expect(activeHouseholds).toBeGreaterThan(300);
    expect(row).toMatchObject({
      scores: activeHouseholds,
      criteria: activeHouseholds,
      inputs: activeHouseholds,
    });
    expect(row?.key).toBe(shipped.id);
    expect(row?.version).toBe(shipped.version);
  });

  it('explains a stored score: the arithmetic sums to the stored log score and gives its desil', async () => {
    const admin = await as('admin');
    const res = await admin.get(`/api/households/${asnHousehold}/ranking`);
    expect(res.statusCode).toBe(200);
    const r = res.json() as Ranking;
    const stored = await sql<{ log_pce: number; desil: number }>`
      SELECT log_pce, desil FROM household_score WHERE household_id = ${asnHousehold} AND model_id = ${await activeModelId()}`.execute(
      s.handle.db,
    );
    const logPce = stored.rows[0]?.log_pce ?? NaN;
    const explanation = r.explanation;
    if (!explanation || !r.estimate) throw new Error('no explanation');
    const sum =
      explanation.arithmetic.baseline + explanation.arithmetic.terms.reduce((a, t) => a + t.contribution, 0);
    expect(sum).toBeCloseTo(logPce, 9);
    expect(explanation.logPce).toBeCloseTo(logPce, 12);
    expect(r.estimate.desil).toBe(stored.rows[0]?.desil);
    expect(r.estimate.desil).toBe(desilFromCutPoints(Math.exp(logPce), shipped.cutPoints.national));
    expect(explanation.summary.id).toContain('desil');
    expect(explanation.arithmetic.text.id.split('\n').length).toBeGreaterThan(3);
    expect(r.official.desil).toBeLessThanOrEqual(4);
    expect(r.official.release?.label).toContain('Demo DTSEN');
    expect(r.estimate.stale).toBe(false);
    expect(r.criteria?.category).toMatch(/^(miskin_desil|bantuan_lain|tidak_layak)$/);
  });
});

describe('conflicts', () => {
  it('marks a score stale after an edit, and lists an ASN household in desil 1–4 once rescored', async () => {
    await sql`
      UPDATE person SET work = 5 WHERE id = (
        SELECT id FROM person WHERE household_id = ${asnHousehold} AND status = 1 ORDER BY id LIMIT 1)`.execute(
      s.handle.db,
    );
    const admin = await as('admin');
    const before = (await admin.get(`/api/households/${asnHousehold}/ranking`)).json() as Ranking;
    expect(before.estimate?.stale).toBe(true);
    expect(before.conflicts.map((c) => c.code)).not.toContain('asn_tni_polri_member');

    const run = await rescoreHouseholds(s.handle.db, { householdIds: [asnHousehold] });
    expect(run).toMatchObject({ kind: 'subset', households: 1 });

    const after = (await admin.get(`/api/households/${asnHousehold}/ranking`)).json() as Ranking;
    expect(after.estimate?.stale).toBe(false);
    expect(after.conflicts.map((c) => c.code)).toContain('asn_tni_polri_member');
    expect(after.criteria?.category).toBe('tidak_layak');
    expect(after.criteria?.firedRules.map((f) => f.id)).toContain('member_asn_tni_polri');
    expect(after.criteria?.reasons.some((r) => r.id.startsWith('Dikecualikan'))).toBe(true);

    const list = (
      await admin.get('/api/ranking/conflicts?type=asn_tni_polri_member&pageSize=200')
    ).json() as Page<ConflictItem>;
    const item = list.items.find((i) => i.householdId === asnHousehold);
    expect(item?.conflicts.find((c) => c.code === 'asn_tni_polri_member')?.message.id).toContain(
      'ASN/TNI/Polri',
    );
    expect(list.items.every((i) => i.conflicts.some((c) => c.code === 'asn_tni_polri_member'))).toBe(true);
    // Independent count: active ASN/TNI/Polri members in households with official desil 1–4.
    const expected = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM household h WHERE h.status = 1 AND h.official_desil <= 4
        AND EXISTS (SELECT 1 FROM person p WHERE p.household_id = h.id AND p.status = 1 AND p.work IN (5, 6))`.execute(
      s.handle.db,
    );
    expect(list.total).toBe(expected.rows[0]?.n);
  });

  it('shows a lurah only the conflicts of the own kelurahan', async () => {
    const lurah = await as('lurah.loktuan');
    const page = (await lurah.get('/api/ranking/conflicts?pageSize=200')).json() as Page<ConflictItem>;
    const expected = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM household_score sc JOIN household h ON h.id = sc.household_id
      WHERE sc.model_id = (SELECT id FROM pmt_model WHERE active) AND h.status = 1
        AND h.village_code = ${LOK_TUAN} AND cardinality(sc.conflicts) > 0`.execute(s.handle.db);
    expect(page.total).toBe(expected.rows[0]?.n);
    expect(page.total).toBeGreaterThan(0);
    expect(page.items.every((i) => i.villageCode === LOK_TUAN)).toBe(true);
    const other = await sql<{ id: number }>`
      SELECT id FROM household WHERE village_code <> ${LOK_TUAN} ORDER BY id LIMIT 1`.execute(s.handle.db);
    expect((await lurah.get(`/api/households/${other.rows[0]?.id}/ranking`)).statusCode).toBe(404);
    const widened = (
      await lurah.get('/api/ranking/conflicts?villageCode=64.74.02.1001')
    ).json() as Page<ConflictItem>;
    expect(widened.total).toBe(0);
    const summary = (await lurah.get('/api/ranking/summary')).json() as {
      households: number;
      categoriesByVillage: { villageCode: string }[];
    };
    expect(summary.categoriesByVillage.map((v) => v.villageCode)).toEqual([LOK_TUAN]);
    expect((await lurah.get('/api/ranking/accuracy')).statusCode).toBe(403);
    expect((await (await as('enumerator')).get('/api/ranking/conflicts')).statusCode).toBe(403);
  });

  it('exports the conflicts as a readable workbook with formula-escaped cells, and audits it', async () => {
    await sql`
      UPDATE person SET name = '=HYPERLINK("http://x","klik")'
      WHERE household_id = ${asnHousehold} AND relationship = 1`.execute(s.handle.db);
    const admin = await as('admin');
    const res = await admin.get('/api/ranking/conflicts.xlsx?type=asn_tni_polri_member');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Konflik');
    if (!sheet) throw new Error('no Konflik sheet');
    expect(sheet.getRow(1).getCell(2).value).toBe('No. KK');
    let found = false;
    sheet.eachRow((row, n) => {
      if (n === 1 || row.getCell(1).value !== asnHousehold) return;
      found = true;
      expect(row.getCell(3).value).toBe(`'=HYPERLINK("http://x","klik")`);
      expect(String(row.getCell(11).value)).toContain('asn_tni_polri_member');
    });
    expect(found).toBe(true);
    const audit = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM audit_log WHERE action = 'export.ranking_conflicts' AND actor_name = 'admin'`.execute(
      s.handle.db,
    );
    expect(audit.rows[0]?.n).toBe(1);
    expect((await (await as('bapperida')).get('/api/ranking/conflicts.xlsx')).statusCode).toBe(403);
  });
});

describe('criteria categories', () => {
  it('puts desil 1–4 without exclusions in miskin_desil and never a household above the quota', async () => {
    const rows = await sql<{ category: string; official: number | null; asn: boolean; fired: string[] }>`
      SELECT c.category, h.official_desil AS official, c.fired_rules AS fired,
        EXISTS (SELECT 1 FROM person p WHERE p.household_id = h.id AND p.status = 1 AND p.work IN (5, 6)) AS asn
      FROM household_criteria c JOIN criteria_rule_set r ON r.id = c.rule_set_id AND r.active
      JOIN household h ON h.id = c.household_id WHERE h.status = 1`.execute(s.handle.db);
    expect(rows.rows).toHaveLength(activeHouseholds);
    for (const r of rows.rows) {
      if (r.category === 'miskin_desil') expect(r.official).toBeLessThanOrEqual(4);
      if (r.asn) expect(r.category).toBe('tidak_layak');
      if (r.category === 'bantuan_lain') expect(r.fired.length).toBeGreaterThan(0);
    }
    const categories = new Set(rows.rows.map((r) => r.category));
    expect(categories).toEqual(new Set(['miskin_desil', 'bantuan_lain', 'tidak_layak']));
  });

  it('sends a desil-7 household with an earth floor to other help, with its reason and programmes', async () => {
    const pick = await sql<{ id: number }>`
      SELECT h.id FROM household h WHERE h.status = 1 AND h.official_desil >= 6
        AND NOT EXISTS (SELECT 1 FROM person p WHERE p.household_id = h.id AND p.work IN (5, 6))
      ORDER BY h.id LIMIT 1`.execute(s.handle.db);
    const id = pick.rows[0]?.id;
    if (id === undefined) throw new Error('no household in desil 6+');
    await sql`
      UPDATE household SET variables = variables || '{"floor_material": 8, "asset_car": false, "power_va": 2,
        "land_elsewhere_m2": 0}'::jsonb
      WHERE id = ${id}`.execute(s.handle.db);
    await rescoreHouseholds(s.handle.db, { householdIds: [id] });
    const r = (await (await as('operator')).get(`/api/households/${id}/ranking`)).json() as Ranking;
    expect(r.criteria?.category).toBe('bantuan_lain');
    expect(r.criteria?.firedRules.map((f) => f.id)).toContain('earth_floor');
    expect(r.criteria?.reasons.map((x) => x.id).join(' ')).toContain('Lantai');
    expect(r.criteria?.programs.length).toBeGreaterThan(0);
  });
});

describe('model versions', () => {
  it('rejects an invalid model in both languages and a write by a non-administrator', async () => {
    const admin = await as('admin');
    const bad = await admin.send('POST', '/api/ranking/models', { body: { id: 'default', version: 1 } });
    expect(bad.statusCode).toBe(400);
    expect((bad.json() as { error: { code: string; message: string } }).error).toMatchObject({
      code: 'invalid_model',
    });
    expect((bad.json() as { error: { message: string } }).error.message).toContain('Model PMT tidak valid');
    const english = await s.as('auditor');
    await english.send('PATCH', '/api/auth/me', { language: 'en' });
    expect((await english.send('POST', '/api/ranking/models', { body: {} })).statusCode).toBe(403);
    await admin.send('PATCH', '/api/auth/me', { language: 'en' });
    const en = await admin.send('POST', '/api/ranking/models', { body: { id: 'default' } });
    await admin.send('PATCH', '/api/auth/me', { language: 'id' });
    expect((en.json() as { error: { message: string } }).error.message).toContain('Invalid PMT model');
    const operator = await as('operator');
    expect((await operator.send('POST', '/api/ranking/models', { body: shipped })).statusCode).toBe(403);
  });

  it('activates a new version, rescoring every household, and audits it', async () => {
    const admin = await as('admin');
    const oldId = await activeModelId();
    const edited = { ...shipped, intercept: shipped.intercept + 0.5 };
    const created = await admin.send('POST', '/api/ranking/models', {
      body: edited,
      note: 'test: +0.5 intercept',
    });
    expect(created.statusCode).toBe(200);
    const c = created.json() as { id: number; version: number; rescore: unknown };
    expect(c.version).toBe(shipped.version + 1);
    expect(c.rescore).toBeNull();
    expect(await activeModelId()).toBe(oldId);

    const activated = await admin.send('POST', `/api/ranking/models/${c.id}/activate`, {
      reason: 'uji / test',
    });
    expect(activated.statusCode).toBe(200);
    expect((activated.json() as { rescore: { households: number } }).rescore.households).toBe(
      activeHouseholds,
    );
    expect(await activeModelId()).toBe(c.id);

    // Every household now has a score under both versions, 0.5 log points apart.
    const diff = await sql<{ n: number; minDiff: number; maxDiff: number }>`
      SELECT count(*)::int AS n, min(b.log_pce - a.log_pce) AS "minDiff", max(b.log_pce - a.log_pce) AS "maxDiff"
      FROM household_score a JOIN household_score b ON b.household_id = a.household_id
      WHERE a.model_id = ${oldId} AND b.model_id = ${c.id}`.execute(s.handle.db);
    expect(diff.rows[0]?.n).toBe(activeHouseholds);
    expect(diff.rows[0]?.minDiff).toBeCloseTo(0.5, 9);
    expect(diff.rows[0]?.maxDiff).toBeCloseTo(0.5, 9);
    const audit = await sql<{ action: string; reason: string | null }>`
      SELECT action, reason FROM audit_log WHERE actor_name = 'admin' AND target_type = 'pmt_model' ORDER BY id`.execute(
      s.handle.db,
    );
    expect(audit.rows.map((a) => a.action)).toEqual(['pmt_model.create', 'pmt_model.activate']);
    expect(audit.rows[1]?.reason).toBe('uji / test');

    const list = (await admin.get('/api/ranking/models')).json() as {
      items: { id: number; active: boolean; version: number }[];
    };
    expect(list.items[0]).toMatchObject({ id: c.id, active: true, version: 2 });
    const ranking = (await admin.get(`/api/households/${asnHousehold}/ranking`)).json() as Ranking;
    expect(ranking.estimate?.model).toMatchObject({ key: 'default', version: 2 });
  });

  it('lists criteria rule sets and rejects a malformed rule', async () => {
    const admin = await as('admin');
    const list = (await admin.get('/api/ranking/criteria')).json() as {
      items: { id: number; active: boolean }[];
    };
    expect(list.items.filter((i) => i.active)).toHaveLength(1);
    const first = list.items[0];
    if (!first) throw new Error('no rule set');
    const detail = (await admin.get(`/api/ranking/criteria/${first.id}`)).json() as {
      body: { rules: unknown[] };
    };
    const broken = {
      ...detail.body,
      rules: [
        {
          id: 'x',
          label: { id: 'x', en: 'x' },
          condition: { var: 'lantai', op: 'eq', value: 1 },
          effect: { type: 'flag' },
        },
      ],
    };
    const res = await admin.send('POST', '/api/ranking/criteria', { body: broken });
    expect(res.statusCode).toBe(400);
    expect((res.json() as { error: { message: string } }).error.message).toContain('lantai');
  });
});

describe('the scoring read and the stored rows it keeps', () => {
  it('builds in the database exactly the texts JSON.stringify gives for the same facts', async () => {
    const db = s.handle.db;
    // Edge cases the demo city may not have: a member without birth date or codes, a text variable.
    await sql`UPDATE person SET birth_date = NULL, education = NULL, work = NULL
      WHERE id = (SELECT min(id) FROM person WHERE status = 1 AND household_id = ${asnHousehold} + 1)`.execute(
      db,
    );
    await sql`UPDATE household SET variables = variables || '{"floor_material": "x", "power_va": null}'::jsonb
      WHERE id = ${asnHousehold} + 1`.execute(db);
    const rows = await readScoringChunk(db, { fromId: 1, toId: 1_000_000 });
    const households = await sql<{ id: number; variables: Record<string, unknown> | null }>`
      SELECT id, variables FROM household WHERE status = 1 ORDER BY id`.execute(db);
    const members = await sql<{ household_id: number; m: unknown[] }>`
      SELECT household_id, json_build_array(sex, birth_date, relationship, education, work, schooling, disability,
        chronic_illness, health_insurance) AS m
      FROM person WHERE status = 1 ORDER BY household_id, id`.execute(db);
    const membersOf = new Map<number, unknown[][]>();
    for (const r of members.rows)
      membersOf.set(r.household_id, [...(membersOf.get(r.household_id) ?? []), r.m]);
    expect(rows.map((r) => r.id)).toEqual(households.rows.map((h) => h.id));
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const h of households.rows) {
      const row = byId.get(h.id);
      expect(row?.variablesText).toBe(variablesTextOf(h.variables));
      expect(row?.membersText).toBe(JSON.stringify(membersOf.get(h.id) ?? []));
    }
    const edited = byId.get(asnHousehold + 1);
    expect(edited?.membersText).toContain('null');
    expect(edited?.input.variables.floor_material).toBeUndefined();
  });

  it('removes the rows of a household no longer active and inputs nothing refers to any more', async () => {
    const db = s.handle.db;
    const target = asnHousehold + 2;
    const unreferenced = async () => {
      const r = await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM household_input hi
        WHERE NOT EXISTS (SELECT 1 FROM household_score x WHERE x.household_id = hi.household_id AND x.input_hash = hi.hash)
          AND NOT EXISTS (SELECT 1 FROM household_criteria x WHERE x.household_id = hi.household_id AND x.input_hash = hi.hash)`.execute(
        db,
      );
      return r.rows[0]?.n;
    };
    await rescoreHouseholds(db, { asOf: '2026-11-27' });
    const before = await sql<{ hash: string }>`
      SELECT input_hash AS hash FROM household_score WHERE household_id = ${target} AND model_id = ${await activeModelId()}`.execute(
      db,
    );
    // Only the active model's score refers to its inputs (earlier versions' scores of it set aside).
    await sql`DELETE FROM household_score WHERE household_id = ${target} AND model_id <> ${await activeModelId()}`.execute(
      db,
    );
    // New facts for one household: its score and criteria move to new inputs, the former ones go.
    await sql`UPDATE person SET education = coalesce(education, 0) + 1
      WHERE id = (SELECT min(id) FROM person WHERE status = 1 AND household_id = ${target})`.execute(db);
    await rescoreHouseholds(db, { asOf: '2026-11-27' });
    const after = await sql<{ hash: string; n: number }>`
      SELECT input_hash AS hash, (SELECT count(*)::int FROM household_input WHERE household_id = ${target}) AS n
      FROM household_score WHERE household_id = ${target} AND model_id = ${await activeModelId()}`.execute(
      db,
    );
    expect(after.rows[0]?.hash).not.toBe(before.rows[0]?.hash);
    expect(after.rows[0]?.n).toBe(1);
    expect(await unreferenced()).toBe(0);
    // No longer active: its rows under the active model and rule set go, and so do inputs left unused.
    await sql`UPDATE household SET status = 2 WHERE id = ${target}`.execute(db);
    const run = await rescoreHouseholds(db, { asOf: '2026-11-27' });
    expect(run.removed).toBe(1);
    const left = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM household_score s JOIN pmt_model m ON m.id = s.model_id AND m.active
      WHERE s.household_id = ${target}`.execute(db);
    expect(left.rows[0]?.n).toBe(0);
    expect(await unreferenced()).toBe(0);
    await sql`UPDATE household SET status = 1 WHERE id = ${target}`.execute(db);
    await rescoreHouseholds(db, { householdIds: [target], asOf: '2026-11-27' });
  });
});
