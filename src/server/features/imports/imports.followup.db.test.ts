import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/helpers/database.ts';
import { generateDemoCity, writeKemensosStyleXlsx } from '../demo/index.ts';
import { SYSTEM_ACTOR } from '../audit/index.ts';
import { ensureShippedScoringModels, rescoreAfterChange } from '../scoring/index.ts';
import { startPersonDedupe } from '../linkage/index.ts';
import { runImportFollowUps, type FollowUpLogger, type FollowUpProgress } from './imports.followup.ts';
import { presentBatchDetail, presentBatchListItem } from './imports.presenter.ts';
import { findBatch, listBatches, recoverInterruptedBatches, setFollowUp } from './imports.repository.ts';
import { getBatch } from './imports.service.ts';
import { importFile } from './imports.test-helpers.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tepat-import-followup-'));
let t: TestDatabase;
/** The file of the third test, imported again by the fourth. */
let thirdFile = '';

const HEADER = 'NO KK;NIK;NAMA;TGL LAHIR;JK;HUB KELUARGA;ALAMAT;RT;RW;KELURAHAN;KECAMATAN;DESIL';

interface Card {
  id: number;
  kk_number: string;
  address: string;
  rt: string;
  rw: string;
  village: string;
  district: string;
  desil: number;
}
interface Member {
  id: number;
  household_id: number;
  nik: string;
  name: string;
  birth_date: string;
  sex: number;
}

beforeAll(async () => {
  t = await createTestDatabase();
  await ensureShippedScoringModels(t.handle.db);
});
afterAll(async () => {
  await t?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A family card of the registry with the names of its kelurahan and kecamatan, for a CSV row. */
async function card(offset: number): Promise<Card> {
  const res = await sql<Card>`
    SELECT h.id, h.kk_number, h.address, h.rt, h.rw, v.name AS village, d.name AS district, h.official_desil AS desil
    FROM household h JOIN region v ON v.code = h.village_code JOIN region d ON d.code = h.district_code
    WHERE h.status = 1 AND h.official_desil IS NOT NULL ORDER BY h.id OFFSET ${offset} LIMIT 1`.execute(
    t.handle.db,
  );
  const row = res.rows[0];
  if (!row) throw new Error('no household');
  return row;
}

/** An active person with a NIK in another household than `not`, whose NIK nobody else holds. */
async function member(not: number, offset: number): Promise<Member> {
  const res = await sql<Member>`
    SELECT p.id, p.household_id, p.nik, p.name, p.birth_date, p.sex FROM person p
    WHERE p.status = 1 AND p.nik IS NOT NULL AND p.household_id <> ${not} AND p.birth_date IS NOT NULL
      AND p.sex IN (1, 2)
      AND NOT EXISTS (SELECT 1 FROM person q WHERE q.nik = p.nik AND q.id <> p.id)
    ORDER BY p.id OFFSET ${offset} LIMIT 1`.execute(t.handle.db);
  const row = res.rows[0];
  if (!row) throw new Error('no person');
  return row;
}

/** A CSV adding `who` as a relative to the family card `to`: the same person on a second card. */
function secondCard(name: string, to: Card, who: Member): string {
  const [y, m, d] = who.birth_date.split('-');
  const row = [
    to.kk_number,
    who.nik,
    who.name,
    `${d}/${m}/${y}`,
    who.sex === 1 ? 'L' : 'P',
    'FAMILI LAIN',
    to.address,
    to.rt,
    to.rw,
    to.village,
    to.district,
    to.desil,
  ].join(';');
  const file = path.join(dir, name);
  fs.writeFileSync(file, `${HEADER}\n${row}\n`);
  return file;
}

async function activeModelId(): Promise<number> {
  const r = await sql<{ id: number }>`SELECT id FROM pmt_model WHERE active`.execute(t.handle.db);
  const id = r.rows[0]?.id;
  if (id === undefined) throw new Error('no active model');
  return id;
}

async function pairExists(a: number, b: number): Promise<boolean> {
  const r = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM linkage_pair
    WHERE left_person_id = ${Math.min(a, b)} AND right_person_id = ${Math.max(a, b)}`.execute(t.handle.db);
  return (r.rows[0]?.n ?? 0) > 0;
}

describe('follow-ups of an import commit', () => {
  it('after a first load scores every household and runs a full duplicate search that finds the injected duplicates', async () => {
    const city = generateDemoCity({ households: 100, seed: 21, defectRates: { same_person_two_kk: 0.06 } });
    const file = path.join(dir, 'dtsen.xlsx');
    await writeKemensosStyleXlsx(city, file);
    const { batchId, commit } = await importFile(t.handle.db, file, { releaseDate: '2025-08-15' });
    if (!commit) throw new Error('not committed');
    expect(commit.firstLoad).toBe(true);
    const phases = new Set<FollowUpProgress['phase']>();
    const f = await runImportFollowUps(t.handle.db, SYSTEM_ACTOR, commit, {
      inline: true,
      onProgress: (p) => phases.add(p.phase),
    });
    expect(f).toMatchObject({
      state: 'done',
      firstLoad: true,
      scoring: { status: 'done', error: null },
      dedupe: { status: 'done', mode: 'full', error: null },
    });
    expect([...phases]).toEqual(['scoring', 'dedupe']);

    const modelId = await activeModelId();
    const scored = await sql<{ active: number; scored: number; criteria: number }>`
      SELECT (SELECT count(*)::int FROM household WHERE status = 1) AS active,
        (SELECT count(*)::int FROM household_score sc JOIN household h ON h.id = sc.household_id
          WHERE h.status = 1 AND sc.model_id = ${modelId}) AS scored,
        (SELECT count(*)::int FROM household_criteria c JOIN criteria_rule_set r ON r.id = c.rule_set_id AND r.active)
          AS criteria`.execute(t.handle.db);
    const n = scored.rows[0];
    expect(n?.active).toBeGreaterThan(90);
    expect(n?.scored).toBe(n?.active);
    expect(n?.criteria).toBe(n?.active);
    expect(f?.scoring.households).toBe(n?.active);

    const run = await sql<{ mode: string; status: string; pairs: number }>`
      SELECT r.mode, r.status, (SELECT count(*)::int FROM linkage_pair p WHERE p.run_id = r.id) AS pairs
      FROM linkage_run r WHERE r.id = ${f?.dedupe.runId ?? -1}`.execute(t.handle.db);
    expect(run.rows[0]).toMatchObject({ mode: 'full', status: 'done' });
    expect(run.rows[0]?.pairs).toBe(f?.dedupe.stored);
    // The injected "same person on two family cards": same NIK and name, active in two households.
    const twins = await sql<{ ids: number[] }>`
      SELECT array_agg(id ORDER BY id) AS ids FROM person WHERE status = 1 AND nik IS NOT NULL
      GROUP BY nik, name HAVING count(DISTINCT household_id) > 1`.execute(t.handle.db);
    expect(twins.rows.length).toBeGreaterThan(3);
    for (const { ids } of twins.rows) expect(await pairExists(ids[0] ?? 0, ids[1] ?? 0)).toBe(true);

    const detail = presentBatchDetail(await getBatch(t.handle.db, batchId), undefined);
    expect(detail.status).toBe('committed');
    expect(detail.followUp).toEqual(f);
  });

  it('after a later release rescores only the changed family and searches incrementally', async () => {
    const to = await card(10);
    const who = await member(to.id, 5);
    const { commit } = await importFile(t.handle.db, secondCard('second.csv', to, who), {
      releaseDate: '2025-11-17',
    });
    if (!commit) throw new Error('not committed');
    expect(commit.firstLoad).toBe(false);
    expect(commit.householdIds).toEqual([to.id]);
    // Someone starts a duplicate search by hand while the import rescores: the import's search waits
    // for it instead of failing.
    let manual: Awaited<ReturnType<typeof startPersonDedupe>> | undefined;
    const f = await runImportFollowUps(t.handle.db, SYSTEM_ACTOR, commit, {
      inline: true,
      steps: {
        rescore: async (db, ids, actor, onProgress) => {
          const result = await rescoreAfterChange(db, ids, actor, { onProgress });
          manual = await startPersonDedupe(db, SYSTEM_ACTOR, { inline: true });
          return result;
        },
      },
    });
    if (!manual) throw new Error('the manual search did not start');
    expect((await manual.done).status).toBe('done');
    expect(f?.dedupe.runId).toBeGreaterThan(manual.runId);
    expect(f).toMatchObject({
      state: 'done',
      households: 1,
      scoring: { status: 'done', households: 1, changed: 1 },
      dedupe: { status: 'done', mode: 'incremental' },
    });
    const scoringRun = await sql<{ kind: string; households: number }>`
      SELECT kind, households FROM scoring_run WHERE id = ${f?.scoring.runId ?? -1}`.execute(t.handle.db);
    expect(scoringRun.rows[0]).toEqual({ kind: 'subset', households: 1 });
    const run = await sql<{ household_ids: number[] }>`
      SELECT household_ids FROM linkage_run WHERE id = ${f?.dedupe.runId ?? -1}`.execute(t.handle.db);
    expect(run.rows[0]?.household_ids).toEqual([to.id]);
    const copy = await sql<{ id: number }>`
      SELECT id FROM person WHERE household_id = ${to.id} AND nik = ${who.nik}`.execute(t.handle.db);
    const copyId = copy.rows[0]?.id;
    if (copyId === undefined) throw new Error('the person was not added');
    expect(await pairExists(who.id, copyId)).toBe(true);
    // The new member is in the stored inputs the score was computed from.
    const inputs = await sql<{ members: number; persons: number }>`
      SELECT json_array_length(i.inputs->'members') AS members,
        (SELECT count(*)::int FROM person p WHERE p.household_id = ${to.id} AND p.status = 1) AS persons
      FROM household_score sc JOIN household_input i ON i.household_id = sc.household_id AND i.hash = sc.input_hash
      WHERE sc.household_id = ${to.id} AND sc.model_id = (SELECT id FROM pmt_model WHERE active)`.execute(
      t.handle.db,
    );
    expect(inputs.rows[0]?.members).toBe(inputs.rows[0]?.persons);
  });

  it('records a failing step on the batch and in the log, and leaves the import committed', async () => {
    const to = await card(20);
    const who = await member(to.id, 30);
    thirdFile = secondCard('third.csv', to, who);
    const { batchId, commit } = await importFile(t.handle.db, thirdFile, { releaseDate: '2025-12-01' });
    if (!commit) throw new Error('not committed');
    const logged: string[] = [];
    const logger: FollowUpLogger = { error: (_details, message) => logged.push(message) };
    const f = await runImportFollowUps(t.handle.db, SYSTEM_ACTOR, commit, {
      inline: true,
      logger,
      steps: {
        rescore: () => Promise.reject(new Error('simulated scoring failure')),
      },
    });
    expect(f?.state).toBe('failed');
    expect(f?.scoring.status).toBe('failed');
    expect(f?.scoring.error?.message.id).toContain('simulated scoring failure');
    expect(f?.scoring.error?.message.en).toContain('were not recomputed');
    // The other step still ran.
    expect(f?.dedupe.status).toBe('done');
    expect(logged).toEqual(['import follow-up: rescoring failed']);

    const batch = await findBatch(t.handle.db, batchId);
    expect(batch?.status).toBe('committed');
    expect(batch?.error).toBeNull();
    const detail = presentBatchDetail(await getBatch(t.handle.db, batchId), undefined);
    expect(detail.followUp?.scoring.error?.code).toBe('internal_error');
    const added = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM person WHERE household_id = ${to.id} AND nik = ${who.nik}`.execute(
      t.handle.db,
    );
    expect(added.rows[0]?.n).toBe(1);

    // A process that dies during the follow-ups leaves them running; the next start marks them interrupted.
    await setFollowUp(t.handle.db, batchId, { ...f, state: 'running', finishedAt: null });
    await recoverInterruptedBatches(t.handle.db, 0, []);
    const recovered = presentBatchDetail(await getBatch(t.handle.db, batchId), undefined);
    expect(recovered.followUp?.state).toBe('interrupted');
    expect(recovered.status).toBe('committed');
    // The batch list marks it too, so an operator sees it without opening every import.
    const listed = (await listBatches(t.handle.db, { limit: 50, offset: 0 })).rows.map(presentBatchListItem);
    expect(listed.find((b) => b.id === batchId)?.followUpState).toBe('interrupted');
  });

  it('has nothing to follow up for a file imported twice, and skips scoring without an active model', async () => {
    const { commit } = await importFile(t.handle.db, thirdFile, { releaseDate: '2025-12-01' });
    expect(commit?.alreadyImported).toBe(true);
    if (!commit) throw new Error('not committed');
    expect(await runImportFollowUps(t.handle.db, SYSTEM_ACTOR, commit)).toBeNull();

    const modelId = await activeModelId();
    await sql`UPDATE pmt_model SET active = false`.execute(t.handle.db);
    try {
      expect(await rescoreAfterChange(t.handle.db, [1], SYSTEM_ACTOR)).toBeNull();
      const next = await card(40);
      const { commit: c2 } = await importFile(
        t.handle.db,
        secondCard('fourth.csv', next, await member(next.id, 50)),
        { releaseDate: '2025-12-15' },
      );
      if (!c2) throw new Error('not committed');
      const f = await runImportFollowUps(t.handle.db, SYSTEM_ACTOR, c2, { inline: true });
      expect(f).toMatchObject({
        state: 'done',
        scoring: { status: 'skipped', reason: 'no_active_model' },
        dedupe: { status: 'done' },
      });
    } finally {
      await sql`UPDATE pmt_model SET active = true WHERE id = ${modelId}`.execute(t.handle.db);
    }
  });
});
