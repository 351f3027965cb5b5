import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/helpers/database.ts';
import { generateDemoCity, writeKemensosStyleXlsx, type DemoCity } from '../demo/index.ts';
import { SYSTEM_ACTOR } from '../audit/index.ts';
import { getDiffPage } from './imports.diff.ts';
import { commitBatch } from './imports.service.ts';
import {
  expectedRows,
  importFile,
  registryCounts,
  registryFingerprint,
  type ExpectedRow,
} from './imports.test-helpers.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tepat-import-demo-'));
let t: TestDatabase;
let city: DemoCity;
let file: string;
let expected: ExpectedRow[];
let firstBatch: number;

beforeAll(async () => {
  t = await createTestDatabase();
  // Raised rates, so that a small city holds every kind of invalid NIK and KK number.
  city = generateDemoCity({
    households: 200,
    seed: 11,
    defectRates: { invalid_nik: 0.04, invalid_kk: 0.03 },
  });
  file = path.join(dir, 'dtsen-2025-08.xlsx');
  await writeKemensosStyleXlsx(city, file);
  expected = expectedRows(city);
});
afterAll(async () => {
  await t?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the demo Kemensos-style XLSX into an empty database', () => {
  it('rebuilds the registry, rejects every injected invalid record with its reason and no valid one', async () => {
    expect(await registryCounts(t.handle.db)).toMatchObject({ households: 0, persons: 0 });
    const { batchId, stage, commit } = await importFile(t.handle.db, file, { releaseDate: '2025-08-15' });
    firstBatch = batchId;
    expect(stage.status).toBe('staged');
    expect(commit?.alreadyImported).toBe(false);

    const rows = await sql<{
      row_number: number;
      rejected: boolean;
      findings: { code: string; severity: string }[] | null;
    }>`
      SELECT row_number, rejected, findings FROM import_row WHERE batch_id = ${batchId} ORDER BY row_number`.execute(
      t.handle.db,
    );
    expect(rows.rows).toHaveLength(city.persons.length);
    const byRow = new Map(rows.rows.map((r) => [r.row_number, r]));
    const mustReject = expected.filter((e) => e.codes.length > 0);
    // The raised rates give every kind of defect a few rows.
    expect(
      mustReject.filter((e) => e.codes.some((c) => c.startsWith('nik_') && c !== 'nik_duplicate_in_file'))
        .length,
    ).toBeGreaterThan(15);
    expect(mustReject.filter((e) => e.codes.some((c) => c.startsWith('kk_'))).length).toBeGreaterThan(5);
    const wrong: string[] = [];
    for (const e of expected) {
      const row = byRow.get(e.rowNumber);
      if (!row) {
        wrong.push(`row ${e.rowNumber} missing`);
        continue;
      }
      const errors = (row.findings ?? []).filter((f) => f.severity === 'error').map((f) => f.code);
      if (e.codes.length === 0 && row.rejected)
        wrong.push(`row ${e.rowNumber} rejected: ${errors.join(',')}`);
      if (e.codes.length > 0 && !row.rejected)
        wrong.push(`row ${e.rowNumber} accepted, expected ${e.codes.join(',')}`);
      for (const code of e.codes)
        if (!errors.includes(code)) wrong.push(`row ${e.rowNumber} lacks ${code}: ${errors.join(',')}`);
    }
    expect(wrong).toEqual([]);

    // Every rejected duplicate is an injected defect: a shared NIK or a duplicate record.
    const defectPersons = new Set(
      city.truth.defects
        .flatMap((d) => [d.personId, d.otherPersonId ?? null])
        .filter((x): x is number => x !== null),
    );
    for (const e of mustReject.filter((x) => x.codes.includes('nik_duplicate_in_file'))) {
      expect(defectPersons.has(e.personId)).toBe(true);
    }

    const accepted = expected.filter((e) => e.codes.length === 0);
    const households = new Set(accepted.map((e) => e.householdId));
    const counts = await registryCounts(t.handle.db);
    expect(counts.households).toBe(households.size);
    expect(counts.persons).toBe(accepted.length);
    expect(counts.releases).toBe(1);
    expect(counts.desil).toBe(households.size);
    expect(counts.provenance).toBe(households.size + accepted.length);

    // The registry holds the generator's KK numbers and official desil.
    const truthHouseholds = new Map(city.households.map((h) => [h.kkNumber, h]));
    const stored = await sql<{ kk_number: string; official_desil: number; village_code: string; n: number }>`
      SELECT h.kk_number, h.official_desil, h.village_code, count(p.id)::int AS n
      FROM household h JOIN person p ON p.household_id = h.id GROUP BY h.id`.execute(t.handle.db);
    const acceptedPerHousehold = new Map<number, number>();
    for (const e of accepted)
      acceptedPerHousehold.set(e.householdId, (acceptedPerHousehold.get(e.householdId) ?? 0) + 1);
    for (const h of stored.rows) {
      const truth = truthHouseholds.get(h.kk_number);
      expect(truth, h.kk_number).toBeDefined();
      expect(h.official_desil).toBe(truth?.officialDesil);
      expect(h.village_code).toBe(truth?.villageCode);
      expect(h.n).toBe(acceptedPerHousehold.get(truth?.id ?? -1));
    }
    // Persons keep their NIK, name and birth date as generated.
    const truthPersons = new Map(city.persons.map((p) => [p.id, p]));
    const sample = accepted.filter((_, i) => i % 7 === 0);
    const persons = await sql<{ nik: string | null; name: string; birth_date: string; row_number: number }>`
      SELECT p.nik, p.name, p.birth_date, rp.row_number FROM person p
      JOIN record_provenance rp ON rp.entity_type = 'person' AND rp.entity_id = p.id`.execute(t.handle.db);
    const byProvenanceRow = new Map(persons.rows.map((p) => [p.row_number, p]));
    for (const e of sample) {
      const truth = truthPersons.get(e.personId);
      const p = byProvenanceRow.get(e.rowNumber);
      expect(p?.nik).toBe(truth?.nik ?? null);
      expect(p?.name).toBe(truth?.name);
      expect(p?.birth_date).toBe(truth?.birthDate);
    }
  });

  it('changes nothing when the same file is imported again', async () => {
    const before = await registryCounts(t.handle.db);
    const fingerprint = await registryFingerprint(t.handle.db);
    const { stage, commit } = await importFile(t.handle.db, file, { releaseDate: '2025-08-15' });
    expect(stage.summary?.diff).toMatchObject({
      newFamilies: 0,
      goneFamilies: 0,
      newPersons: 0,
      desilChanged: 0,
    });
    expect(commit?.alreadyImported).toBe(true);
    expect(await registryCounts(t.handle.db)).toEqual(before);
    expect(await registryFingerprint(t.handle.db)).toBe(fingerprint);
  });

  it('shows a second release with changed desil in the diff and keeps both desil rows', async () => {
    const acceptedHouseholds = new Set(
      expected.filter((e) => e.codes.length === 0).map((e) => e.householdId),
    );
    const changed = city.households
      .filter((h) => acceptedHouseholds.has(h.id))
      .filter((_, i) => i % 20 === 0);
    expect(changed.length).toBeGreaterThan(5);
    const next: DemoCity = {
      ...city,
      households: city.households.map((h) =>
        changed.includes(h) ? { ...h, officialDesil: h.officialDesil === 10 ? 9 : h.officialDesil + 1 } : h,
      ),
    };
    const second = path.join(dir, 'dtsen-2025-11.xlsx');
    await writeKemensosStyleXlsx(next, second);
    const before = await registryCounts(t.handle.db);
    const { batchId, stage } = await importFile(t.handle.db, second, {
      releaseDate: '2025-11-17',
      commit: false,
    });
    expect(stage.summary?.diff).toMatchObject({
      newFamilies: 0,
      goneFamilies: 0,
      newPersons: 0,
      gonePersons: 0,
      movedPersons: 0,
      desilChanged: changed.length,
    });
    const page = await getDiffPage(t.handle.db, batchId, { kind: 'desil_changed', page: 1, pageSize: 100 });
    expect(page.items.map((i) => i.kkNumber).sort()).toEqual(changed.map((h) => h.kkNumber).sort());
    const one = changed[0];
    const item = page.items.find((i) => i.kkNumber === one?.kkNumber);
    expect(item?.before).toBe(String(one?.officialDesil));

    const result = await commitBatch(t.handle.db, SYSTEM_ACTOR, batchId);
    expect(result.counts).toMatchObject({
      householdsCreated: 0,
      householdsUpdated: changed.length,
      personsCreated: 0,
      personsUpdated: 0,
    });
    const after = await registryCounts(t.handle.db);
    expect(after).toMatchObject({
      households: before.households,
      persons: before.persons,
      releases: before.releases + 1,
      desil: before.desil * 2,
    });
    const history = await sql<{ kk_number: string; official_desil: number; desils: number[] }>`
      SELECT h.kk_number, h.official_desil, array_agg(d.desil ORDER BY r.release_date) AS desils
      FROM household h JOIN household_official_desil d ON d.household_id = h.id
      JOIN source_release r ON r.id = d.release_id
      WHERE h.kk_number = ANY(${changed.map((h) => h.kkNumber)}::text[]) GROUP BY h.id`.execute(t.handle.db);
    expect(history.rows).toHaveLength(changed.length);
    for (const row of history.rows) {
      const old = changed.find((h) => h.kkNumber === row.kk_number);
      const now = next.households.find((h) => h.kkNumber === row.kk_number);
      expect(row.desils).toEqual([old?.officialDesil, now?.officialDesil]);
      expect(row.official_desil).toBe(now?.officialDesil);
    }
    const audit = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM audit_log
      WHERE action = 'import.household.update' AND before ? 'official_desil'`.execute(t.handle.db);
    expect(audit.rows[0]?.n).toBe(changed.length);
  });

  it('records a third release with identical content without changing any registry value', async () => {
    const fingerprint = await registryFingerprint(t.handle.db);
    const before = await registryCounts(t.handle.db);
    const same = path.join(dir, 'dtsen-2025-11-copy.xlsx');
    // Same content as the second release, written again: another file, another release.
    fs.copyFileSync(path.join(dir, 'dtsen-2025-11.xlsx'), same);
    const { stage, commit } = await importFile(t.handle.db, same, { releaseDate: '2025-12-17' });
    expect(stage.summary?.diff).toMatchObject({
      newFamilies: 0,
      goneFamilies: 0,
      desilChanged: 0,
      newPersons: 0,
    });
    expect(commit?.alreadyImported).toBe(false);
    expect(commit?.counts).toMatchObject({
      householdsUpdated: 0,
      personsUpdated: 0,
      householdsCreated: 0,
      personsCreated: 0,
    });
    expect(await registryFingerprint(t.handle.db)).toBe(fingerprint);
    const after = await registryCounts(t.handle.db);
    expect(after.releases).toBe(before.releases + 1);
    expect(after.households).toBe(before.households);
    expect(after.persons).toBe(before.persons);
    expect(firstBatch).toBeGreaterThan(0);
  });
});
