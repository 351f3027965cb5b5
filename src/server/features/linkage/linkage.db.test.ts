import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createSeededApp, DEMO_PASSWORD, type SeededApp } from '../../../../test/helpers/seed.ts';
import { TestClient } from '../../../../test/helpers/http.ts';
import { generateDemoCity, truthToCsv } from '../demo/index.ts';
import { createUser } from '../access/users.service.ts';
import { SYSTEM_ACTOR } from '../audit/index.ts';
import { registryQuality, runPersonDedupe } from './index.ts';

const LOK_TUAN = '64.74.01.1003';
const CITY = { level: 'city' as const, codes: [] };
// Above the weakest true pairs of the seeded city, so that some of them wait in the review queue.
const STRICT_ACCEPT = 0.99999;

interface PairJson {
  id: number;
  status: string;
  probability: number;
  left: { id: number; householdId: number; villageCode: string; name: string; status: number };
  right: { id: number; householdId: number; villageCode: string; name: string; status: number };
  fields: { key: string; agreement: string; weight: number; left: string | null; right: string | null }[];
}
interface Page<T> {
  items: T[];
  total: number;
  counts?: Record<string, number>;
}
type PersonRow = Record<string, unknown> & { id: number; household_id: number; version: number };

let s: SeededApp;
/** True duplicate pairs "a-b" (a < b) from the generator's truth for the seeded city. */
let truePairs: Set<string>;
let city: ReturnType<typeof generateDemoCity>;

const clients = new Map<string, TestClient>();
/** A logged-in client per demo account, reused: each login costs an argon2 hash. */
async function as(username: string): Promise<TestClient> {
  let c = clients.get(username);
  if (!c) {
    c = await s.as(username);
    clients.set(username, c);
  }
  return c;
}

const key = (a: number, b: number) => `${Math.min(a, b)}-${Math.max(a, b)}`;

async function personRow(id: number): Promise<PersonRow> {
  const res = await sql<PersonRow>`SELECT * FROM person WHERE id = ${id}`.execute(s.handle.db);
  const row = res.rows[0];
  if (!row) throw new Error(`no person ${id}`);
  return row;
}

function dataColumns(row: PersonRow): Record<string, unknown> {
  const { version: _v, updated_at: _u, ...rest } = row;
  return rest;
}

async function pairStatuses(): Promise<Map<string, { id: number; status: string; probability: number }>> {
  const res = await sql<{ id: number; l: number; r: number; status: string; probability: number }>`
    SELECT id, left_person_id AS l, right_person_id AS r, status, probability FROM linkage_pair`.execute(
    s.handle.db,
  );
  return new Map(
    res.rows.map((p) => [key(p.l, p.r), { id: p.id, status: p.status, probability: p.probability }]),
  );
}

beforeAll(async () => {
  s = await createSeededApp({ households: 400 });
  // The seed helper loads seed 7 for the deployment region: the same city again gives its truth.
  city = generateDemoCity({ households: 400, seed: 7, regionCode: s.config.regionCode });
  const byEntity = new Map<number, number[]>();
  for (const e of city.truth.entities) {
    const list = byEntity.get(e.entityId) ?? [];
    list.push(e.personId);
    byEntity.set(e.entityId, list);
  }
  truePairs = new Set();
  for (const members of byEntity.values())
    for (let i = 0; i < members.length; i++)
      for (let j = i + 1; j < members.length; j++) truePairs.add(key(members[i] ?? 0, members[j] ?? 0));
});
afterAll(async () => {
  await s?.close();
});

describe('person deduplication run', () => {
  it('finds the injected duplicates of the demo city with the Indonesian preset', async () => {
    const summary = await runPersonDedupe(s.handle.db, SYSTEM_ACTOR, { inline: true });
    expect(summary.status).toBe('done');
    const active = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM person p JOIN household h ON h.id = p.household_id
      WHERE p.status = 1 AND h.status = 1`.execute(s.handle.db);
    expect(summary.stats?.records).toBe(active.rows[0]?.n);
    const stored = await pairStatuses();
    const found = [...stored.keys()];
    const hits = found.filter((k) => truePairs.has(k)).length;
    expect(truePairs.size).toBeGreaterThan(20);
    expect(hits / truePairs.size).toBeGreaterThanOrEqual(0.95);
    expect(hits / found.length).toBeGreaterThanOrEqual(0.95);
    expect(summary.stats?.dropped).toBe((summary.stats?.candidatePairs ?? 0) - found.length);
    const run = await sql<{ status: string; model: { lambda: number } | null }>`
      SELECT status, model FROM linkage_run WHERE id = ${summary.runId}`.execute(s.handle.db);
    expect(run.rows[0]?.status).toBe('done');
    expect(run.rows[0]?.model?.lambda).toBeGreaterThan(0);
  });

  it('sends pairs between the thresholds to review and refreshes only pending pairs', async () => {
    const summary = await runPersonDedupe(s.handle.db, SYSTEM_ACTOR, {
      inline: true,
      acceptThreshold: STRICT_ACCEPT,
    });
    expect(summary.status).toBe('done');
    const stored = await pairStatuses();
    const review = [...stored.values()].filter((p) => p.status === 'review');
    expect(review.length).toBeGreaterThanOrEqual(5);
    for (const p of stored.values()) {
      if (p.status === 'auto_accepted') expect(p.probability).toBeGreaterThanOrEqual(STRICT_ACCEPT);
      if (p.probability < STRICT_ACCEPT) expect(p.status).toBe('review');
    }
    expect(summary.stats?.review).toBe(review.length);
  });
});

describe('review queue', () => {
  it('lists review pairs side by side with agreement and weights, and records decisions', async () => {
    const operator = await as('operator');
    const res = await operator.get('/api/linkage/pairs?status=review&pageSize=100');
    expect(res.statusCode).toBe(200);
    const page = res.json() as Page<PairJson>;
    const inDb = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM linkage_pair WHERE status = 'review'`.execute(s.handle.db);
    expect(page.total).toBe(inDb.rows[0]?.n);
    expect(page.counts?.review).toBe(page.total);
    const [first, second, third] = page.items;
    if (!first || !second || !third) throw new Error('fewer than three review pairs');
    const nik = first.fields.find((f) => f.key === 'nik');
    expect(nik).toBeDefined();
    expect(first.fields.map((f) => f.key).sort()).toEqual(
      ['birthDate', 'birthPlace', 'name', 'nik', 'sex', 'village'].sort(),
    );
    const sum = first.fields.reduce((a, f) => a + f.weight, 0);
    expect(Number.isFinite(sum)).toBe(true);

    const reject = await operator.send('POST', `/api/linkage/pairs/${first.id}/decision`, {
      decision: 'reject',
      reason: 'Orang berbeda, tanggal lahir lain',
    });
    expect(reject.statusCode).toBe(200);
    expect((reject.json() as PairJson).status).toBe('rejected');
    const skip = await operator.send('POST', `/api/linkage/pairs/${second.id}/decision`, {
      decision: 'skip',
    });
    expect((skip.json() as PairJson).status).toBe('skipped');
    const accept = await operator.send('POST', `/api/linkage/pairs/${third.id}/decision`, {
      decision: 'accept',
    });
    expect((accept.json() as PairJson).status).toBe('accepted');

    const audit = await sql<{ household_id: number | null; after: { status: string } }>`
      SELECT household_id, after FROM audit_log WHERE action = 'linkage.pair.decision' AND target_id = ${String(first.id)}`.execute(
      s.handle.db,
    );
    expect(audit.rows.map((r) => r.household_id).sort()).toEqual(
      [...new Set([first.left.householdId, first.right.householdId])].sort(),
    );
    expect(audit.rows[0]?.after.status).toBe('rejected');

    // A new run (incremental, for the rejected pair's household) keeps the human decision.
    const again = await runPersonDedupe(s.handle.db, SYSTEM_ACTOR, {
      inline: true,
      acceptThreshold: STRICT_ACCEPT,
      householdIds: [first.left.householdId],
    });
    expect(again.status).toBe('done');
    expect(again.stats?.modelReused).toBe(true);
    const after = await pairStatuses();
    expect(after.get(key(first.left.id, first.right.id))?.status).toBe('rejected');
    expect(after.get(key(second.left.id, second.right.id))?.status).toBe('skipped');
    const run = await sql<{
      household_ids: number[];
    }>`SELECT household_ids FROM linkage_run WHERE id = ${again.runId}`.execute(s.handle.db);
    expect(run.rows[0]?.household_ids).toEqual([first.left.householdId]);
  });
});

describe('merge and undo', () => {
  let pair: PairJson;
  let before: { left: PersonRow; right: PersonRow };
  let mergeId: number;

  it('merges an accepted pair: survivor keeps the chosen fields, the other is marked merged, both histories show it', async () => {
    const operator = await as('operator');
    const page = (await operator.get('/api/linkage/pairs?status=accepted')).json() as Page<PairJson>;
    const first = page.items[0];
    if (!first) throw new Error('no accepted pair');
    pair = first;
    before = { left: await personRow(pair.left.id), right: await personRow(pair.right.id) };
    const res = await operator.send('POST', '/api/linkage/merges', {
      survivorId: pair.left.id,
      mergedId: pair.right.id,
      pairId: pair.id,
      fieldChoices: { name: 'right', birthPlace: 'right' },
      reason: 'Orang yang sama tercatat dua kali',
    });
    expect(res.statusCode).toBe(201);
    mergeId = (res.json() as { id: number }).id;
    const survivor = await personRow(pair.left.id);
    const merged = await personRow(pair.right.id);
    expect(survivor.name).toBe(before.right.name);
    expect(survivor.birth_place).toBe(before.right.birth_place);
    expect(survivor.nik).toBe(before.left.nik);
    expect(survivor.household_id).toBe(before.left.household_id);
    expect(merged.status).toBe(4);
    expect(merged.merged_into).toBe(pair.left.id);
    const status = await sql<{
      status: string;
    }>`SELECT status FROM linkage_pair WHERE id = ${pair.id}`.execute(s.handle.db);
    expect(status.rows[0]?.status).toBe('merged');

    const historyOf = async (householdId: number) =>
      (
        (await operator.get(`/api/households/${householdId}/history`)).json() as {
          items: { action: string; targetId: string }[];
        }
      ).items;
    expect((await historyOf(before.left.household_id)).some((h) => h.action === 'person.merge')).toBe(true);
    expect((await historyOf(before.right.household_id)).some((h) => h.action === 'person.merged_into')).toBe(
      true,
    );

    const search = (
      await operator.get(`/api/persons?q=${encodeURIComponent(before.right.name as string)}&pageSize=200`)
    ).json() as Page<{
      id: number;
    }>;
    expect(search.items.some((p) => p.id === pair.right.id)).toBe(false);
    // The merged person's pairs leave the queue.
    const queue = (
      await operator.get('/api/linkage/pairs?status=review,skipped,accepted,auto_accepted&pageSize=100')
    ).json() as Page<PairJson>;
    expect(queue.items.some((p) => p.left.id === pair.right.id || p.right.id === pair.right.id)).toBe(false);
  });

  it('undoes the merge, restoring both records exactly, and puts the pair back in review', async () => {
    const operator = await as('operator');
    const res = await operator.send('POST', `/api/linkage/merges/${mergeId}/undo`, {
      reason: 'Ternyata orang yang berbeda',
    });
    expect(res.statusCode).toBe(200);
    expect((res.json() as { undoneAt: string | null }).undoneAt).not.toBeNull();
    const left = await personRow(pair.left.id);
    const right = await personRow(pair.right.id);
    expect(dataColumns(left)).toEqual(dataColumns(before.left));
    expect(dataColumns(right)).toEqual(dataColumns(before.right));
    expect(left.version).toBeGreaterThan(before.left.version);
    const status = await sql<{
      status: string;
    }>`SELECT status FROM linkage_pair WHERE id = ${pair.id}`.execute(s.handle.db);
    expect(status.rows[0]?.status).toBe('review');
    const twice = await operator.send('POST', `/api/linkage/merges/${mergeId}/undo`, {
      reason: 'Sekali lagi',
    });
    expect(twice.statusCode).toBe(409);
    const undoAudit = await sql<{ household_id: number }>`
      SELECT household_id FROM audit_log WHERE action = 'person.merge_undo'`.execute(s.handle.db);
    expect(undoAudit.rows.map((r) => r.household_id).sort()).toEqual(
      [before.left.household_id, before.right.household_id].sort(),
    );
  });

  it('refuses to undo a merge once the survivor changed afterwards', async () => {
    const operator = await as('operator');
    const merge = await operator.send('POST', '/api/linkage/merges', {
      survivorId: pair.right.id,
      mergedId: pair.left.id,
      pairId: pair.id,
      fieldChoices: {},
      reason: 'Orang yang sama, digabung lagi',
    });
    expect(merge.statusCode).toBe(201);
    const id = (merge.json() as { id: number }).id;
    const survivor = await personRow(pair.right.id);
    const edit = await operator.send('PATCH', `/api/persons/${pair.right.id}`, {
      version: survivor.version,
      reason: 'Perbaikan tempat lahir',
      changes: { birthPlace: 'SAMARINDA' },
    });
    expect(edit.statusCode).toBe(200);
    const undo = await operator.send('POST', `/api/linkage/merges/${id}/undo`, { reason: 'Coba batalkan' });
    expect(undo.statusCode).toBe(409);
    expect((undo.json() as { error: { code: string } }).error.code).toBe('merge_changed');
    const merges = (await operator.get('/api/linkage/merges')).json() as Page<{
      id: number;
      undoneAt: string | null;
    }>;
    expect(merges.total).toBe(2);
  });
});

describe('scope and permissions', () => {
  it('shows a kelurahan operator only pairs with both households in the kelurahan and hides the rest', async () => {
    await createUser(s.handle.db, SYSTEM_ACTOR, {
      username: 'operator.loktuan',
      fullName: 'Operator Lok Tuan',
      role: 'operator',
      scopeLevel: 'village',
      scopeCodes: [LOK_TUAN],
      password: DEMO_PASSWORD,
    });
    const local = await s.as('operator.loktuan');
    const all = ['auto_accepted', 'review', 'accepted', 'rejected', 'skipped', 'merged'].join(',');
    const page = (await local.get(`/api/linkage/pairs?status=${all}&pageSize=100`)).json() as Page<PairJson>;
    const expected = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM linkage_pair lp
      JOIN person l ON l.id = lp.left_person_id JOIN household lh ON lh.id = l.household_id
      JOIN person r ON r.id = lp.right_person_id JOIN household rh ON rh.id = r.household_id
      WHERE lh.village_code = ${LOK_TUAN} AND rh.village_code = ${LOK_TUAN}
        AND (lp.status IN ('rejected', 'merged') OR (l.status = 1 AND r.status = 1))`.execute(s.handle.db);
    expect(page.total).toBe(expected.rows[0]?.n);
    expect(page.items.every((p) => p.left.villageCode === LOK_TUAN && p.right.villageCode === LOK_TUAN)).toBe(
      true,
    );

    const outside = await sql<{ id: number }>`
      SELECT lp.id FROM linkage_pair lp JOIN person l ON l.id = lp.left_person_id JOIN household lh ON lh.id = l.household_id
      WHERE lh.village_code <> ${LOK_TUAN} AND lp.status = 'review' ORDER BY lp.id LIMIT 1`.execute(
      s.handle.db,
    );
    const other = outside.rows[0];
    if (!other) throw new Error('no review pair outside Lok Tuan');
    expect((await local.get(`/api/linkage/pairs/${other.id}`)).statusCode).toBe(404);
    const decide = await local.send('POST', `/api/linkage/pairs/${other.id}/decision`, {
      decision: 'accept',
    });
    expect(decide.statusCode).toBe(404);
    const still = await sql<{
      status: string;
    }>`SELECT status FROM linkage_pair WHERE id = ${other.id}`.execute(s.handle.db);
    expect(still.rows[0]?.status).toBe('review');

    const lurah = await s.as('lurah.loktuan');
    expect((await lurah.get('/api/linkage/pairs')).statusCode).toBe(403);
    const verifier = await s.as('verifikator');
    expect((await verifier.get('/api/linkage/pairs')).statusCode).toBe(200);
    expect((await verifier.send('POST', '/api/linkage/runs', {})).statusCode).toBe(403);
  });

  it('lists every NIK held in two active family cards', async () => {
    const operator = await as('operator');
    const page = (await operator.get('/api/linkage/conflicts?pageSize=100')).json() as Page<{
      nik: string;
      holders: { householdId: number }[];
    }>;
    const expected = await sql<{ nik: string }>`
      SELECT p.nik FROM person p JOIN household h ON h.id = p.household_id
      WHERE p.status = 1 AND h.status = 1 AND p.nik IS NOT NULL
      GROUP BY p.nik HAVING count(DISTINCT p.household_id) > 1 ORDER BY p.nik`.execute(s.handle.db);
    expect(expected.rows.length).toBeGreaterThan(0);
    expect(page.total).toBe(expected.rows.length);
    expect(page.items.map((c) => c.nik)).toEqual(expected.rows.map((r) => r.nik).slice(0, 100));
    for (const c of page.items) expect(new Set(c.holders.map((h) => h.householdId)).size).toBeGreaterThan(1);
  });
});

describe('runs over HTTP and quality', () => {
  it('starts a run in a worker thread and reports its progress until done', async () => {
    const operator = await as('operator');
    const start = await operator.send('POST', '/api/linkage/runs', {});
    expect(start.statusCode).toBe(202);
    const run = start.json() as { id: number; status: string };
    expect(run.status).toBe('running');
    const busy = await operator.send('POST', '/api/linkage/runs', {});
    expect(busy.statusCode).toBe(409);
    let state = run;
    for (let i = 0; i < 240 && state.status === 'running'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      state = (await operator.get(`/api/linkage/runs/${run.id}`)).json() as typeof run;
    }
    expect(state.status).toBe('done');
    const list = (await new TestClient(s.app).get('/api/linkage/runs')).statusCode;
    expect(list).toBe(401);
  });

  it('measures the registry decisions against the demo ground truth', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tepat-truth-'));
    try {
      const csv = truthToCsv(city);
      fs.writeFileSync(path.join(dir, 'truth-entities.csv'), csv.entities);
      fs.writeFileSync(path.join(dir, 'truth-defects.csv'), csv.defects);
      const q = await registryQuality(s.handle.db, CITY, dir);
      if (!q.available) throw new Error('truth not read');
      expect(q.decisions.pairwise.truePairs).toBe(truePairs.size);
      expect(q.ifReviewAccepted.pairwise.recall).toBeGreaterThanOrEqual(0.9);
      expect(q.decisions.perDefect.map((d) => d.defect)).toContain('nik_typo');
      const none = await registryQuality(s.handle.db, CITY, path.join(dir, 'missing'));
      expect(none.available).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
