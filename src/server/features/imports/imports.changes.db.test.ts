import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/helpers/database.ts';
import { SYSTEM_ACTOR } from '../audit/index.ts';
import { getDiffPage } from './imports.diff.ts';
import {
  findBatch,
  insertBatch,
  insertRows,
  recoverInterruptedBatches,
  updateBatch,
} from './imports.repository.ts';
import { commitBatch } from './imports.service.ts';
import { importFile } from './imports.test-helpers.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tepat-import-changes-'));
let t: TestDatabase;

/** A NIK for a birth date (yyyy-mm-dd) and sex, registered in Bontang Utara. */
function nik(iso: string, sex: 1 | 2, serial: number): string {
  const [y = '', m = '', d = ''] = iso.split('-');
  return `647401${String(Number(d) + (sex === 2 ? 40 : 0)).padStart(2, '0')}${m}${y.slice(2)}${String(serial).padStart(4, '0')}`;
}
const KK_A = '6474011503200101';
const KK_B = '6474031503200102';
const KK_C = '6474021503200103';
const BUDI = nik('1980-08-17', 1, 1);
const SITI = nik('1985-03-05', 2, 2);
const RUDI = nik('2005-02-02', 1, 4);
const DEWI = nik('2019-06-10', 2, 5);
const YOHANES = nik('1966-07-01', 1, 6);
const CHILD = nik('2015-01-01', 1, 7);
const HEADER = 'NO KK;NIK;NAMA;TGL LAHIR;JK;HUB KELUARGA;ALAMAT;RT;RW;KELURAHAN;KECAMATAN;DESIL';
const A = (address: string) => `${address};1;2;LOK TUAN;BONTANG UTARA;2`;
const B = 'JL. GUNUNG;7;3;KANAAN;BONTANG BARAT;3';

function csv(name: string, lines: string[]): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, `${[HEADER, ...lines].join('\n')}\n`);
  return file;
}

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('a release that changes families and persons', () => {
  it('matches by KK and NIK, updates changed values, adds members, and audits each changed household', async () => {
    const first = await importFile(
      t.handle.db,
      csv('r1.csv', [
        `${KK_A};${BUDI};BUDI;17/08/1980;L;KEPALA KELUARGA;${A('JL. MAWAR 1')}`,
        `${KK_A};${SITI};SITI;05/03/1985;P;ISTRI;${A('JL. MAWAR 1')}`,
        `${KK_A};;ANAK TANPA NIK;01/01/2015;L;ANAK;${A('JL. MAWAR 1')}`,
        `${KK_A};${RUDI};RUDI;02/02/2005;L;ANAK;${A('JL. MAWAR 1')}`,
        `${KK_B};${YOHANES};YOHANES;01/07/1966;L;KEPALA KELUARGA;${B}`,
      ]),
      { releaseDate: '2025-08-15' },
    );
    expect(first.commit?.counts).toMatchObject({ householdsCreated: 2, personsCreated: 5 });

    // Release 2: A moves house and has a baby, SITI's full name, RUDI now on B's card, C is new.
    const second = await importFile(
      t.handle.db,
      csv('r2.csv', [
        `${KK_A};${BUDI};BUDI;17/08/1980;L;KEPALA KELUARGA;${A('JL. MAWAR 2')}`,
        `${KK_A};${SITI};SITI AMINAH;05/03/1985;P;ISTRI;${A('JL. MAWAR 2')}`,
        `${KK_A};;ANAK TANPA NIK;01/01/2015;L;ANAK;${A('JL. MAWAR 2')}`,
        `${KK_A};${DEWI};DEWI;10/06/2019;P;ANAK;${A('JL. MAWAR 2')}`,
        `${KK_B};${YOHANES};YOHANES;01/07/1966;L;KEPALA KELUARGA;${B}`,
        `${KK_B};${RUDI};RUDI;02/02/2005;L;FAMILI LAIN;${B}`,
        `${KK_C};${nik('1990-12-01', 1, 8).replace('647401', '647402')};YUSUF;01/12/1990;L;KEPALA KELUARGA;JL. PUPUK;2;2;TANJUNG LAUT;BONTANG SELATAN;4`,
      ]),
      { releaseDate: '2025-11-17', commit: false },
    );
    expect(second.stage.summary?.diff).toMatchObject({
      newFamilies: 1,
      goneFamilies: 0,
      newPersons: 2,
      gonePersons: 0,
      movedPersons: 1,
      desilChanged: 0,
      nikConflicts: 1,
    });
    const moved = await getDiffPage(t.handle.db, second.batchId, {
      kind: 'moved_person',
      page: 1,
      pageSize: 10,
    });
    expect(moved.items).toEqual([
      { kind: 'moved_person', kkNumber: KK_B, nik: RUDI, name: 'RUDI', before: KK_A, after: KK_B },
    ]);
    const conflict = await getDiffPage(t.handle.db, second.batchId, {
      kind: 'nik_conflict',
      page: 1,
      pageSize: 10,
    });
    expect(conflict.items[0]).toMatchObject({ nik: RUDI, before: KK_A, after: KK_B });

    const result = await commitBatch(t.handle.db, SYSTEM_ACTOR, second.batchId);
    expect(result.counts).toMatchObject({
      householdsCreated: 1,
      householdsUpdated: 2,
      householdsUnchanged: 0,
      personsCreated: 3,
      personsUpdated: 1,
      personsUnchanged: 3,
    });
    const a = await sql<{ id: number; address: string; version: number; members: string[] }>`
      SELECT h.id, h.address, h.version, array_agg(p.name ORDER BY p.id) AS members
      FROM household h JOIN person p ON p.household_id = h.id WHERE h.kk_number = ${KK_A} GROUP BY h.id`.execute(
      t.handle.db,
    );
    expect(a.rows).toHaveLength(1);
    expect(a.rows[0]).toMatchObject({
      address: 'JL. MAWAR 2',
      version: 2,
      // RUDI stays on A's card too: the conflict is left to verification, not resolved by the import.
      members: ['BUDI', 'SITI AMINAH', 'ANAK TANPA NIK', 'RUDI', 'DEWI'],
    });
    const audit = await sql<{ before: Record<string, unknown>; after: Record<string, unknown> }>`
      SELECT before, after FROM audit_log WHERE action = 'import.household.update' AND household_id = ${a.rows[0]?.id ?? -1}`.execute(
      t.handle.db,
    );
    expect(audit.rows).toHaveLength(1);
    const entry = audit.rows[0];
    expect(entry?.before).toMatchObject({ address: 'JL. MAWAR 1' });
    expect(entry?.after).toMatchObject({
      address: 'JL. MAWAR 2',
      membersAdded: [{ nik: DEWI, name: 'DEWI' }],
    });
    expect(Object.values(entry?.before.members as Record<string, unknown>)).toEqual([{ name: 'SITI' }]);
    expect(Object.values(entry?.after.members as Record<string, unknown>)).toEqual([{ name: 'SITI AMINAH' }]);
    const versions = await sql<{ name: string; version: number }>`
      SELECT name, version FROM person WHERE name IN ('BUDI', 'SITI AMINAH')`.execute(t.handle.db);
    expect(Object.fromEntries(versions.rows.map((r) => [r.name, r.version]))).toEqual({
      BUDI: 1,
      'SITI AMINAH': 2,
    });
  });

  it('completes a missing NIK from a later release instead of adding the person twice', async () => {
    const before = await sql<{ n: number }>`SELECT count(*)::int AS n FROM person`.execute(t.handle.db);
    const third = await importFile(
      t.handle.db,
      csv('r3.csv', [
        `${KK_A};${BUDI};BUDI;17/08/1980;L;KEPALA KELUARGA;${A('JL. MAWAR 2')}`,
        `${KK_A};${CHILD};ANAK TANPA NIK;01/01/2015;L;ANAK;${A('JL. MAWAR 2')}`,
      ]),
      { releaseDate: '2025-12-17' },
    );
    expect(third.commit?.counts).toMatchObject({ personsCreated: 0, personsUpdated: 1 });
    const after = await sql<{ n: number; nik: string | null }>`
      SELECT (SELECT count(*)::int FROM person) AS n, (SELECT nik FROM person WHERE name = 'ANAK TANPA NIK') AS nik`.execute(
      t.handle.db,
    );
    expect(after.rows[0]).toEqual({ n: before.rows[0]?.n, nik: CHILD });
  });
});

describe('batches left behind by a dead process', () => {
  it('fails an interrupted staging, and returns an interrupted commit to staged unless its rows are gone', async () => {
    const make = async (status: 'staging' | 'committing', withRows: boolean) => {
      const id = await insertBatch(t.handle.db, {
        source: 'kemensos',
        fileName: 'x.csv',
        filePath: '/nonexistent/x.csv',
        fileSize: 1,
        sha256: 'x',
        releaseDate: '2025-01-01',
        releaseLabel: null,
        sheet: null,
        mapping: null,
        createdBy: null,
        createdByName: 'test',
      });
      await updateBatch(t.handle.db, id, { status });
      if (withRows) {
        await insertRows(t.handle.db, id, [
          {
            rowNumber: 2,
            kkNumber: null,
            nik: null,
            cells: null,
            record: null,
            person: null,
            household: null,
            findings: null,
            rejected: true,
          },
        ]);
      }
      return id;
    };
    const staging = await make('staging', true);
    const committingWithRows = await make('committing', true);
    const committingEmpty = await make('committing', false);
    const active = await make('staging', false);
    await recoverInterruptedBatches(t.handle.db, 0, [active]);
    const status = async (id: number) => (await findBatch(t.handle.db, id))?.status;
    expect(await status(staging)).toBe('failed');
    expect(await status(committingWithRows)).toBe('staged');
    expect(await status(committingEmpty)).toBe('failed');
    expect(await status(active)).toBe('staging');
    expect((await findBatch(t.handle.db, staging))?.error).toMatchObject({ code: 'import_interrupted' });
  });
});
