import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/helpers/database.ts';
import { TestClient } from '../../../../test/helpers/http.ts';
import { buildApp } from '../../app.ts';
import { DICTIONARY_VERSION } from '../../../shared/dictionary/dictionary.ts';
import { createUser } from '../access/users.service.ts';
import { SYSTEM_ACTOR } from '../audit/index.ts';
import { generateDemoCity, truthToCsv, type DemoCity } from '../demo/index.ts';
import { bulkInsertHouseholds, bulkInsertPersons, syncSequence } from '../registry/registry.bulk.ts';
import { DEMO_PASSWORD, ensureDemoAccounts } from '../seed/demo-accounts.ts';
import { familyQuality, runPersonDedupe } from './index.ts';

// A small city with more cards entered twice than the default rate gives, so that several are found.
const HOUSEHOLDS = 300;
const FAMILY_RATE = 0.03;
const CITY = { level: 'city' as const, codes: [] };

interface Side {
  id: number;
  kkNumber: string | null;
  villageCode: string;
  status: number;
  version: number;
}
interface MemberRow {
  left: { id: number; name: string } | null;
  right: { id: number; name: string } | null;
  probability: number | null;
  agreement: Record<string, string> | null;
}
interface FamilyPairJson {
  id: number;
  status: string;
  score: number;
  probability: number;
  reasons: { key: string; contribution: number }[];
  linkedMembers: number;
  left: Side;
  right: Side;
  members: MemberRow[];
}
interface Page<T> {
  items: T[];
  total: number;
  counts?: Record<string, number>;
}
type Row = Record<string, unknown> & { id: number; version: number };

let t: TestDatabase;
let app: FastifyInstance;
let city: DemoCity;
let truthFamilies: Set<string>;
const clients = new Map<string, TestClient>();

const key = (a: number, b: number) => `${Math.min(a, b)}-${Math.max(a, b)}`;

/** Loads a generated city into the empty test database (as the demo loader does, with other defect rates). */
async function loadCity(c: DemoCity): Promise<void> {
  await t.handle.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('rt_unit')
      .values(c.rtUnits.map((u) => ({ village_code: u.villageCode, rw: u.rw, rt: u.rt })))
      .onConflict((oc) => oc.columns(['village_code', 'rw', 'rt']).doNothing())
      .execute();
    const release = await trx
      .insertInto('source_release')
      .values({ source: 'demo', release_date: '2025-08-15', label: 'Demo', file_name: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    await bulkInsertHouseholds(
      trx,
      c.households.map((h) => ({
        ...h,
        dictionaryVersion: DICTIONARY_VERSION,
        officialDesilReleaseId: release.id,
      })),
    );
    await bulkInsertPersons(trx, c.persons);
    await syncSequence(trx, 'household');
    await syncSequence(trx, 'person');
  });
}

async function as(username: string): Promise<TestClient> {
  let c = clients.get(username);
  if (!c) {
    c = new TestClient(app);
    const res = await c.login(username, DEMO_PASSWORD);
    if (res.statusCode !== 200) throw new Error(`login ${username} failed`);
    clients.set(username, c);
  }
  return c;
}

async function rows(table: 'household' | 'person', where: ReturnType<typeof sql>): Promise<Row[]> {
  const res = await sql<Row>`SELECT * FROM ${sql.table(table)} WHERE ${where} ORDER BY id`.execute(
    t.handle.db,
  );
  return res.rows;
}

function data(row: Row): Record<string, unknown> {
  const { version: _v, updated_at: _u, ...rest } = row;
  return rest;
}

beforeAll(async () => {
  t = await createTestDatabase();
  city = generateDemoCity({
    households: HOUSEHOLDS,
    seed: 11,
    regionCode: t.config.regionCode,
    defectRates: { duplicate_family: FAMILY_RATE },
  });
  truthFamilies = new Set(city.truth.duplicateFamilies.map((f) => key(f.householdId, f.otherHouseholdId)));
  await loadCity(city);
  await ensureDemoAccounts(t.handle.db, t.config.regionCode);
  app = await buildApp({ config: t.config, database: t.handle });
}, 60_000);

afterAll(async () => {
  await app?.close();
  await t?.close();
});

describe('family pairs of a run', () => {
  it('finds the cards entered twice from the person links, with reasons that add up to the score', async () => {
    expect(truthFamilies.size).toBe(Math.round(FAMILY_RATE * HOUSEHOLDS));
    const summary = await runPersonDedupe(t.handle.db, SYSTEM_ACTOR, { inline: true });
    expect(summary.status).toBe('done');
    const family = summary.stats?.households;
    if (!family) throw new Error('no family statistics');
    const stored = await sql<{ l: number; r: number; status: string; score: number; reasons: unknown }>`
      SELECT left_household_id AS l, right_household_id AS r, status, score, reasons FROM household_pair`.execute(
      t.handle.db,
    );
    expect(family.stored).toBe(stored.rows.length);
    expect(family.candidatePairs).toBe(family.stored + family.dropped);
    const found = stored.rows.filter((p) => truthFamilies.has(key(p.l, p.r)));
    expect(found.length / truthFamilies.size).toBeGreaterThanOrEqual(0.85);
    const auto = stored.rows.filter((p) => p.status === 'auto_accepted');
    expect(auto.filter((p) => truthFamilies.has(key(p.l, p.r))).length / auto.length).toBeGreaterThanOrEqual(
      0.9,
    );
    const run = await sql<{ settings: { family: { accept: number; review: number } } }>`
      SELECT settings FROM linkage_run WHERE id = ${summary.runId}`.execute(t.handle.db);
    expect(run.rows[0]?.settings.family).toEqual(family.thresholds);

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tepat-family-truth-'));
    try {
      fs.writeFileSync(path.join(dir, 'truth-families.csv'), truthToCsv(city).families);
      const q = await familyQuality(t.handle.db, CITY, dir);
      expect(q?.decisions.truePairs).toBe(truthFamilies.size);
      expect(q?.ifReviewAccepted.recall).toBeCloseTo(found.length / truthFamilies.size, 6);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lists household pairs with both cards, members aligned by their links, and reasons', async () => {
    const operator = await as('operator');
    const res = await operator.get('/api/linkage/household-pairs?status=auto_accepted,review&pageSize=100');
    expect(res.statusCode).toBe(200);
    const page = res.json() as Page<FamilyPairJson>;
    const inDb = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM household_pair WHERE status IN ('auto_accepted', 'review')`.execute(
      t.handle.db,
    );
    expect(page.total).toBe(inDb.rows[0]?.n);
    const first = page.items[0];
    if (!first) throw new Error('no household pair');
    const sum = first.reasons.reduce((s, r) => s + r.contribution, 0);
    expect(first.score).toBeCloseTo(sum, 1);
    const linkedRows = first.members.filter((m) => m.left && m.right);
    expect(linkedRows.length).toBe(first.linkedMembers);
    for (const m of linkedRows) expect(m.agreement).not.toBeNull();
    const detail = await operator.get(`/api/linkage/household-pairs/${first.id}`);
    expect((detail.json() as FamilyPairJson).members).toEqual(first.members);
  });
});

describe('decisions, merge and undo of family cards', () => {
  let pair: FamilyPairJson;
  let mergeId: number;
  let before: { households: Row[]; persons: Row[] };

  it('records a decision in both histories and keeps it across a later run', async () => {
    const operator = await as('operator');
    const page = (
      await operator.get('/api/linkage/household-pairs?status=auto_accepted,review&pageSize=100')
    ).json() as Page<FamilyPairJson>;
    const truePair = page.items.find(
      (p) => truthFamilies.has(key(p.left.id, p.right.id)) && p.linkedMembers >= 2,
    );
    if (!truePair) throw new Error('no true family pair');
    pair = truePair;
    const res = await operator.send('POST', `/api/linkage/household-pairs/${pair.id}/decision`, {
      decision: 'accept',
      reason: 'KK lama belum dihapus',
    });
    expect(res.statusCode).toBe(200);
    expect((res.json() as FamilyPairJson).status).toBe('accepted');
    const audit = await sql<{ household_id: number }>`
      SELECT household_id FROM audit_log WHERE action = 'linkage.household_pair.decision'
        AND target_id = ${String(pair.id)}`.execute(t.handle.db);
    expect(audit.rows.map((r) => r.household_id).sort((a, b) => a - b)).toEqual([
      pair.left.id,
      pair.right.id,
    ]);
    const again = await runPersonDedupe(t.handle.db, SYSTEM_ACTOR, {
      inline: true,
      householdIds: [pair.left.id],
    });
    expect(again.status).toBe('done');
    const status = await sql<{
      status: string;
    }>`SELECT status FROM household_pair WHERE id = ${pair.id}`.execute(t.handle.db);
    expect(status.rows[0]?.status).toBe('accepted');
  });

  it('merges two cards: linked members merged as persons, the others moved, the other card retired', async () => {
    const operator = await as('operator');
    const ids = [pair.left.id, pair.right.id];
    before = {
      households: await rows('household', sql`id = ANY(${ids}::int[])`),
      persons: await rows('person', sql`household_id = ANY(${ids}::int[])`),
    };
    const detail = (await operator.get(`/api/linkage/household-pairs/${pair.id}`)).json() as FamilyPairJson;
    const linked = detail.members.filter((m) => m.left && m.right);
    // Merge every linked member but the last one, which is moved instead.
    const kept = linked.slice(0, -1);
    const res = await operator.send('POST', '/api/linkage/household-merges', {
      survivorId: pair.left.id,
      mergedId: pair.right.id,
      pairId: pair.id,
      fieldChoices: { kkNumber: 'right', address: 'right', rtRw: 'right' },
      memberMerges: kept.map((m) => ({ keep: m.left?.id, merge: m.right?.id })),
      reason: 'Keluarga yang sama terdaftar dua kali',
    });
    expect(res.statusCode).toBe(201);
    const merge = res.json() as { id: number; personMergeIds: number[]; movedPersonIds: number[] };
    mergeId = merge.id;
    expect(merge.personMergeIds).toHaveLength(kept.length);

    const [survivor, other] = await Promise.all([
      rows('household', sql`id = ${pair.left.id}`),
      rows('household', sql`id = ${pair.right.id}`),
    ]);
    const oldOther = before.households.find((h) => h.id === pair.right.id);
    expect(survivor[0]?.kk_number).toBe(oldOther?.kk_number);
    expect(survivor[0]?.address).toBe(oldOther?.address);
    expect(other[0]?.status).toBe(3);
    expect(other[0]?.merged_into).toBe(pair.left.id);
    for (const m of kept) {
      const [gone] = await rows('person', sql`id = ${m.right?.id ?? 0}`);
      expect(gone?.status).toBe(4);
      expect(gone?.merged_into).toBe(m.left?.id);
      expect(gone?.household_id).toBe(pair.right.id);
    }
    const activeRight = before.persons.filter((p) => p.household_id === pair.right.id && p.status === 1);
    expect(merge.movedPersonIds.length).toBe(activeRight.length - kept.length);
    for (const id of merge.movedPersonIds) {
      const [p] = await rows('person', sql`id = ${id}`);
      expect(p?.household_id).toBe(pair.left.id);
      expect(p?.status).toBe(1);
    }
    const status = await sql<{
      status: string;
    }>`SELECT status FROM household_pair WHERE id = ${pair.id}`.execute(t.handle.db);
    expect(status.rows[0]?.status).toBe('merged');
    const audit = await sql<{ action: string; household_id: number }>`
      SELECT action, household_id FROM audit_log WHERE action IN ('household.merge', 'household.merged_into',
        'person.merge', 'person.merged_into', 'person.household_move')`.execute(t.handle.db);
    const has = (action: string, householdId: number) =>
      audit.rows.some((a) => a.action === action && a.household_id === householdId);
    expect(has('household.merge', pair.left.id)).toBe(true);
    expect(has('household.merged_into', pair.right.id)).toBe(true);
    expect(has('person.merge', pair.left.id)).toBe(kept.length > 0);
    expect(has('person.household_move', pair.left.id)).toBe(merge.movedPersonIds.length > 0);
    // The retired card leaves the queues; the merges list shows the merge.
    const queue = (
      await operator.get(
        '/api/linkage/household-pairs?status=auto_accepted,review,accepted,skipped&pageSize=100',
      )
    ).json() as Page<FamilyPairJson>;
    expect(queue.items.some((p) => p.left.id === pair.right.id || p.right.id === pair.right.id)).toBe(false);
    const merges = (await operator.get('/api/linkage/household-merges')).json() as Page<{ id: number }>;
    expect(merges.items.map((m) => m.id)).toContain(mergeId);
  });

  it('undoes the merge, restoring both cards and every member exactly', async () => {
    const operator = await as('operator');
    const res = await operator.send('POST', `/api/linkage/household-merges/${mergeId}/undo`, {
      reason: 'Ternyata dua keluarga berbeda',
    });
    expect(res.statusCode).toBe(200);
    const ids = [pair.left.id, pair.right.id];
    const households = await rows('household', sql`id = ANY(${ids}::int[])`);
    const persons = await rows('person', sql`id = ANY(${before.persons.map((p) => p.id)}::int[])`);
    expect(households.map(data)).toEqual(before.households.map(data));
    expect(persons.map(data)).toEqual(before.persons.map(data));
    expect(households[0]?.version).toBeGreaterThan(before.households[0]?.version ?? 0);
    const status = await sql<{
      status: string;
    }>`SELECT status FROM household_pair WHERE id = ${pair.id}`.execute(t.handle.db);
    expect(status.rows[0]?.status).toBe('review');
    const undoAudit = await sql<{ household_id: number }>`
      SELECT household_id FROM audit_log WHERE action = 'household.merge_undo'`.execute(t.handle.db);
    expect(undoAudit.rows.map((r) => r.household_id).sort((a, b) => a - b)).toEqual(ids);
    // Members moved back and member merges undone are audited as a person's own undo is: each field
    // it got back, before and after.
    const undone = await sql<{ moved: number[]; merges: number[] }>`
      SELECT moved_person_ids AS moved, person_merge_ids AS merges FROM household_merge WHERE id = ${mergeId}`.execute(
      t.handle.db,
    );
    const { moved = [], merges = [] } = undone.rows[0] ?? {};
    expect(moved.length + merges.length).toBeGreaterThan(0);
    const memberAudit = await sql<{
      action: string;
      target_id: number;
      before: Record<string, unknown>;
      after: Record<string, unknown>;
    }>`
      SELECT action, target_id::int AS target_id, before, after FROM audit_log
      WHERE action IN ('person.merge_undo', 'person.household_move') AND reason = 'Ternyata dua keluarga berbeda'
      ORDER BY id`.execute(t.handle.db);
    const movedBack = memberAudit.rows.filter((r) => r.action === 'person.household_move');
    expect(movedBack.map((r) => r.target_id).sort((a, b) => a - b)).toEqual([...moved].sort((a, b) => a - b));
    for (const r of movedBack) expect(r.after).toMatchObject({ household_id: pair.right.id, undo: true });
    const mergeUndos = memberAudit.rows.filter((r) => r.action === 'person.merge_undo');
    expect(mergeUndos).toHaveLength(merges.length * 2);
    for (const r of mergeUndos) expect(r.after).toHaveProperty('mergeId');
    // Each merged record comes back to life: its status is among the fields it got back.
    expect(mergeUndos.filter((r) => 'status' in r.before && r.after.status === 1)).toHaveLength(
      merges.length,
    );
    const personMerges = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM person_merge WHERE undone_at IS NULL`.execute(t.handle.db);
    expect(personMerges.rows[0]?.n).toBe(0);
    const twice = await operator.send('POST', `/api/linkage/household-merges/${mergeId}/undo`, {
      reason: 'Sekali lagi',
    });
    expect(twice.statusCode).toBe(409);
  });

  it('refuses to undo once the surviving card changed after the merge', async () => {
    const operator = await as('operator');
    const merge = await operator.send('POST', '/api/linkage/household-merges', {
      survivorId: pair.right.id,
      mergedId: pair.left.id,
      pairId: pair.id,
      reason: 'Keluarga yang sama, digabung lagi',
    });
    expect(merge.statusCode).toBe(201);
    const id = (merge.json() as { id: number }).id;
    const [survivor] = await rows('household', sql`id = ${pair.right.id}`);
    const edit = await operator.send('PATCH', `/api/households/${pair.right.id}`, {
      version: survivor?.version,
      reason: 'Perbaikan alamat',
      changes: { address: 'Jl. Baru No. 1' },
    });
    expect(edit.statusCode).toBe(200);
    const undo = await operator.send('POST', `/api/linkage/household-merges/${id}/undo`, {
      reason: 'Coba batalkan',
    });
    expect(undo.statusCode).toBe(409);
    expect((undo.json() as { error: { code: string } }).error.code).toBe('merge_changed');
  });
});

describe('scope', () => {
  it('hides household pairs, merges and decisions outside a kelurahan operator’s region', async () => {
    const pairs = await sql<{ id: number; l: number; r: number; lv: string; rv: string }>`
      SELECT hp.id, lh.id AS l, rh.id AS r, lh.village_code AS lv, rh.village_code AS rv FROM household_pair hp
      JOIN household lh ON lh.id = hp.left_household_id JOIN household rh ON rh.id = hp.right_household_id
      WHERE hp.status IN ('review', 'auto_accepted') AND lh.status = 1 AND rh.status = 1 ORDER BY hp.id`.execute(
      t.handle.db,
    );
    const target = pairs.rows[0];
    if (!target) throw new Error('no pending household pair');
    // A kelurahan other than the left card's: the pair lies (at least partly) outside it.
    const village = city.villages.find((v) => v.code !== target.lv)?.code ?? '';
    await createUser(t.handle.db, SYSTEM_ACTOR, {
      username: 'operator.family',
      fullName: 'Operator Kelurahan',
      role: 'operator',
      scopeLevel: 'village',
      scopeCodes: [village],
      password: DEMO_PASSWORD,
    });
    const local = await as('operator.family');
    const list = (
      await local.get('/api/linkage/household-pairs?status=review,auto_accepted,merged&pageSize=100')
    ).json() as Page<FamilyPairJson>;
    expect(list.items.every((p) => p.left.villageCode === village && p.right.villageCode === village)).toBe(
      true,
    );
    expect((await local.get(`/api/linkage/household-pairs/${target.id}`)).statusCode).toBe(404);
    const decide = await local.send('POST', `/api/linkage/household-pairs/${target.id}/decision`, {
      decision: 'reject',
    });
    expect(decide.statusCode).toBe(404);
    const merge = await local.send('POST', '/api/linkage/household-merges', {
      survivorId: target.l,
      mergedId: target.r,
      reason: 'Bukan wilayah saya',
    });
    expect(merge.statusCode).toBe(404);
    const undone = await sql<{ id: number }>`SELECT id FROM household_merge ORDER BY id LIMIT 1`.execute(
      t.handle.db,
    );
    const anyMerge = undone.rows[0];
    if (anyMerge) {
      const visible = await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM household_merge m JOIN household s ON s.id = m.survivor_id
        JOIN household d ON d.id = m.merged_id WHERE m.id = ${anyMerge.id}
          AND s.village_code = ${village} AND d.village_code = ${village}`.execute(t.handle.db);
      const res = await local.send('POST', `/api/linkage/household-merges/${anyMerge.id}/undo`, {
        reason: 'Bukan wilayah saya',
      });
      if ((visible.rows[0]?.n ?? 0) === 0) expect(res.statusCode).toBe(404);
    }
    const lurah = await as('lurah.loktuan');
    expect((await lurah.get('/api/linkage/household-pairs')).statusCode).toBe(403);
  });
});
