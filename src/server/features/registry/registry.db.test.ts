import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createSeededApp, type SeededApp } from '../../../../test/helpers/seed.ts';

const LOK_TUAN = '64.74.01.1003';
const TANJUNG_LAUT = '64.74.02.1001';

interface Page<T> {
  items: T[];
  total: number;
}
interface HouseholdRow {
  id: number;
  kkNumber: string | null;
  villageCode: string;
  headName: string | null;
  rt: string;
  rw: string;
}

let s: SeededApp;
let counts: Map<string, number>;
let otherHousehold: { id: number; kk_number: string | null; nik: string | null; name: string };

beforeAll(async () => {
  s = await createSeededApp({ households: 500 });
  const rows = await sql<{ village_code: string; n: number }>`
    SELECT village_code, count(*)::int AS n FROM household WHERE status = 1 GROUP BY village_code`.execute(
    s.handle.db,
  );
  counts = new Map(rows.rows.map((r) => [r.village_code, r.n]));
  const other = await sql<typeof otherHousehold>`
    SELECT h.id, h.kk_number, p.nik, p.name FROM household h JOIN person p ON p.household_id = h.id
    WHERE h.village_code = ${TANJUNG_LAUT} AND p.nik IS NOT NULL ORDER BY h.id LIMIT 1`.execute(s.handle.db);
  const first = other.rows[0];
  if (!first) throw new Error('demo city has no Tanjung Laut household');
  otherHousehold = first;
});
afterAll(async () => {
  await s?.close();
});

describe('region scope', () => {
  it('shows the administrator every household and a lurah only the own kelurahan', async () => {
    const all = [...counts.values()].reduce((a, b) => a + b, 0);
    const admin = (
      await (await s.as('admin')).get('/api/households?pageSize=5')
    ).json() as Page<HouseholdRow>;
    expect(admin.total).toBe(all);
    const lurah = await s.as('lurah.loktuan');
    const page = (await lurah.get('/api/households?pageSize=200')).json() as Page<HouseholdRow>;
    expect(page.total).toBe(counts.get(LOK_TUAN));
    expect(page.items.every((h) => h.villageCode === LOK_TUAN)).toBe(true);
  });

  it('hides another kelurahan household from a lurah by id, by search and by export', async () => {
    const lurah = await s.as('lurah.loktuan');
    expect((await lurah.get(`/api/households/${otherHousehold.id}`)).statusCode).toBe(404);
    expect((await lurah.get(`/api/households/${otherHousehold.id}/history`)).statusCode).toBe(404);
    const byKk = (
      await lurah.get(`/api/households?q=${otherHousehold.kk_number}`)
    ).json() as Page<HouseholdRow>;
    expect(byKk.total).toBe(0);
    const byNik = (await lurah.get(`/api/persons?q=${otherHousehold.nik}`)).json() as Page<unknown>;
    expect(byNik.total).toBe(0);
    const byName = (
      await lurah.get(`/api/persons?q=${encodeURIComponent(otherHousehold.name)}&pageSize=200`)
    ).json() as Page<{
      villageName: string;
    }>;
    expect(byName.items.every((p) => p.villageName === 'Lok Tuan')).toBe(true);
    const csv = (await lurah.get('/api/households/export.csv')).body;
    expect(csv).not.toContain(String(otherHousehold.kk_number));
    expect(csv.trim().split('\r\n').length - 1).toBe(counts.get(LOK_TUAN));
    // A filter naming another kelurahan does not widen the scope.
    const widened = (
      await lurah.get(`/api/households?villageCode=${TANJUNG_LAUT}`)
    ).json() as Page<HouseholdRow>;
    expect(widened.total).toBe(0);
  });

  it('gives the administrator the same household, and audits the view', async () => {
    const admin = await s.as('admin');
    const res = await admin.get(`/api/households/${otherHousehold.id}`);
    expect(res.statusCode).toBe(200);
    const detail = res.json() as {
      members: { nik: string | null }[];
      variables: { key: string }[];
      desilHistory: unknown[];
    };
    expect(detail.members.some((m) => m.nik === otherHousehold.nik)).toBe(true);
    expect(detail.variables.map((v) => v.key)).toContain('floor_material');
    expect(detail.desilHistory).toHaveLength(1);
    const audit = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM audit_log WHERE action = 'view.household' AND target_id = ${String(otherHousehold.id)}`.execute(
      s.handle.db,
    );
    expect(audit.rows[0]?.n).toBeGreaterThanOrEqual(1);
  });

  it('limits a camat to the kecamatan and an enumerator to the own RTs', async () => {
    const camat = (
      await (await s.as('camat.utara')).get('/api/households?pageSize=200')
    ).json() as Page<HouseholdRow>;
    const utara = [...counts].filter(([code]) => code.startsWith('64.74.01.')).reduce((a, [, n]) => a + n, 0);
    expect(camat.total).toBe(utara);
    const enumerator = (
      await (await s.as('enumerator')).get('/api/households?pageSize=200')
    ).json() as Page<HouseholdRow>;
    expect(
      enumerator.items.every(
        (h) => h.villageCode === LOK_TUAN && h.rw === '001' && ['001', '002'].includes(h.rt),
      ),
    ).toBe(true);
    const regions = (await (await s.as('lurah.loktuan')).get('/api/regions')).json() as {
      items: { code: string }[];
    };
    expect(regions.items.map((r) => r.code).sort()).toEqual(['64.74', '64.74.01', LOK_TUAN]);
  });
});

describe('search', () => {
  it('finds a household by KK number, by NIK prefix and by a misspelt name', async () => {
    const admin = await s.as('admin');
    const byKk = (
      await admin.get(`/api/households?q=${otherHousehold.kk_number}`)
    ).json() as Page<HouseholdRow>;
    expect(byKk.items.map((h) => h.id)).toContain(otherHousehold.id);
    const nikPrefix = String(otherHousehold.nik).slice(0, 12);
    const byNik = (await admin.get(`/api/persons?q=${nikPrefix}`)).json() as Page<{ nik: string }>;
    expect(byNik.items.some((p) => p.nik === otherHousehold.nik)).toBe(true);
    // Drop one letter from the longest name token: a typo the trigram search must forgive.
    const tokens = otherHousehold.name.split(' ');
    const longest = tokens.reduce((a, b) => (b.length > a.length ? b : a));
    const typo = otherHousehold.name.replace(longest, longest.slice(0, 2) + longest.slice(3));
    const byName = (
      await admin.get(`/api/persons?q=${encodeURIComponent(typo)}&pageSize=50`)
    ).json() as Page<{
      name: string;
    }>;
    expect(byName.items.map((p) => p.name)).toContain(otherHousehold.name);
  });

  it('validates query parameters with a clear message', async () => {
    const admin = await s.as('admin');
    const res = await admin.get('/api/households?desil=11');
    expect(res.statusCode).toBe(400);
    expect((res.json() as { error: { code: string } }).error.code).toBe('invalid_input');
  });

  it('publishes the OpenAPI document', async () => {
    const res = await s.app.inject({ method: 'GET', url: '/api/openapi.json' });
    const doc = res.json() as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/households', '/api/households/{id}']),
    );
  });
});

describe('changes keep history', () => {
  it('records who changed what, when and why, and refuses a stale version', async () => {
    const operator = await s.as('operator');
    const detail = (await operator.get(`/api/households/${otherHousehold.id}`)).json() as {
      version: number;
      rt: string;
      variables: { key: string; value: unknown }[];
      members: { id: number; version: number; name: string }[];
    };
    const newRt = detail.rt === '007' ? '8' : '7';
    const floor = detail.variables.find((v) => v.key === 'floor_material')?.value === 2 ? 1 : 2;
    const res = await operator.send('PATCH', `/api/households/${otherHousehold.id}`, {
      version: detail.version,
      reason: 'Hasil kunjungan lapangan: lantai sudah keramik',
      changes: { variables: { floor_material: floor }, rt: newRt },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ changed: true, version: detail.version + 1 });
    const stale = await operator.send('PATCH', `/api/households/${otherHousehold.id}`, {
      version: detail.version,
      reason: 'Perubahan kedua dari layar lama',
      changes: { address: 'Jl. Baru' },
    });
    expect(stale.statusCode).toBe(409);
    const member = detail.members[0];
    if (!member) throw new Error('household without members');
    const p = await operator.send('PATCH', `/api/persons/${member.id}`, {
      version: member.version,
      reason: 'Ejaan nama sesuai KTP',
      changes: { name: `${member.name} X` },
    });
    expect(p.statusCode).toBe(200);
    const history = (await operator.get(`/api/households/${otherHousehold.id}/history`)).json() as {
      items: {
        action: string;
        actorName: string;
        reason: string;
        before: Record<string, unknown>;
        after: Record<string, unknown>;
      }[];
    };
    expect(history.items.map((h) => h.action)).toEqual(['person.update', 'household.update']);
    const change = history.items[1];
    expect(change?.actorName).toBe('operator');
    expect(change?.reason).toBe('Hasil kunjungan lapangan: lantai sudah keramik');
    expect(change?.after).toEqual({ rt: newRt.padStart(3, '0'), variables: { floor_material: floor } });
    expect(change?.before).toEqual({ rt: detail.rt, variables: { floor_material: expect.any(Number) } });
  });

  it('requires a reason, valid values and the edit permission', async () => {
    const operator = await s.as('operator');
    const detail = (await operator.get(`/api/households/${otherHousehold.id}`)).json() as { version: number };
    const noReason = await operator.send('PATCH', `/api/households/${otherHousehold.id}`, {
      version: detail.version,
      reason: '',
      changes: { address: 'x' },
    });
    expect(noReason.statusCode).toBe(400);
    const badVar = await operator.send('PATCH', `/api/households/${otherHousehold.id}`, {
      version: detail.version,
      reason: 'uji nilai tidak valid',
      changes: { variables: { floor_material: 77 } },
    });
    expect(badVar.statusCode).toBe(400);
    const lurah = await s.as('lurah.tanjunglaut');
    const forbidden = await lurah.send('PATCH', `/api/households/${otherHousehold.id}`, {
      version: detail.version,
      reason: 'lurah tidak boleh mengubah',
      changes: { address: 'x' },
    });
    expect(forbidden.statusCode).toBe(403);
  });
});

describe('edits keep the local estimate current', () => {
  interface Ranking {
    estimate: { desil: number; logPce: number; stale: boolean } | null;
    criteria: { category: string; firedRules: { id: string }[] } | null;
  }
  async function storedScore(id: number) {
    const res = await sql<{ input_hash: string; log_pce: number; floor: number | null; members: number }>`
      SELECT sc.input_hash, sc.log_pce, (i.inputs->'variables'->>'floor_material')::int AS floor,
        json_array_length(i.inputs->'members') AS members
      FROM household_score sc
      JOIN household_input i ON i.household_id = sc.household_id AND i.hash = sc.input_hash
      WHERE sc.household_id = ${id} AND sc.model_id = (SELECT id FROM pmt_model WHERE active)`.execute(
      s.handle.db,
    );
    const row = res.rows[0];
    if (!row) throw new Error(`household ${id} has no score`);
    return row;
  }

  it('rescores a household when a variable changes: an earth floor shows in its score, inputs and criteria', async () => {
    const pick = await sql<{ id: number }>`
      SELECT h.id FROM household h WHERE h.status = 1 AND h.official_desil >= 6 AND h.id <> ${otherHousehold.id}
        AND (h.variables->>'floor_material')::int <> 8
        AND NOT EXISTS (SELECT 1 FROM person p WHERE p.household_id = h.id AND p.work IN (5, 6))
      ORDER BY h.id LIMIT 1`.execute(s.handle.db);
    const id = pick.rows[0]?.id;
    if (id === undefined) throw new Error('no household in desil 6+ without an earth floor');
    const operator = await s.as('operator');
    const before = await storedScore(id);
    const ranking0 = (await operator.get(`/api/households/${id}/ranking`)).json() as Ranking;
    expect(ranking0.criteria?.firedRules.map((r) => r.id)).not.toContain('earth_floor');
    const detail = (await operator.get(`/api/households/${id}`)).json() as { version: number };
    const res = await operator.send('PATCH', `/api/households/${id}`, {
      version: detail.version,
      reason: 'Verifikasi lapangan: lantai tanah',
      changes: { variables: { floor_material: 8, asset_car: false, power_va: 2, land_elsewhere_m2: 0 } },
    });
    expect(res.statusCode, res.body).toBe(200);
    const after = await storedScore(id);
    expect(after.floor).toBe(8);
    expect(after.input_hash).not.toBe(before.input_hash);
    expect(after.log_pce).not.toBe(before.log_pce);
    const ranking = (await operator.get(`/api/households/${id}/ranking`)).json() as Ranking;
    expect(ranking.estimate?.stale).toBe(false);
    expect(ranking.estimate?.logPce).toBeCloseTo(after.log_pce, 9);
    expect(ranking.criteria?.category).toBe('bantuan_lain');
    expect(ranking.criteria?.firedRules.map((r) => r.id)).toContain('earth_floor');
  });

  it('rescores the household when a member dies, in the same transaction as the edit', async () => {
    const pick = await sql<{ id: number; household_id: number; version: number }>`
      SELECT p.id, p.household_id, p.version FROM person p JOIN household h ON h.id = p.household_id
      WHERE h.status = 1 AND p.status = 1 AND p.relationship <> 1 AND h.id <> ${otherHousehold.id}
      ORDER BY p.id LIMIT 1`.execute(s.handle.db);
    const person = pick.rows[0];
    if (!person) throw new Error('no active member');
    const before = await storedScore(person.household_id);
    const operator = await s.as('operator');
    const res = await operator.send('PATCH', `/api/persons/${person.id}`, {
      version: person.version,
      reason: 'Meninggal dunia, surat kematian kelurahan',
      changes: { status: 2 },
    });
    expect(res.statusCode, res.body).toBe(200);
    const after = await storedScore(person.household_id);
    expect(after.members).toBe(before.members - 1);
    const ranking = (await operator.get(`/api/households/${person.household_id}/ranking`)).json() as Ranking;
    expect(ranking.estimate?.stale).toBe(false);
  });
});
