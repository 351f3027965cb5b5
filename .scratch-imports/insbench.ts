import { openDatabase } from '../src/server/platform/db/connect.ts';
import { sql } from 'kysely';
const h = await openDatabase({ dataDir: 'memory://', databaseUrl: process.env.DATABASE_URL });
const variant = process.argv[2] ?? 'jsonb-idx';
const rtype = variant.startsWith('json-') ? 'json' : 'jsonb';
await sql.raw(`CREATE TABLE t (batch_id int, row_number int, kk text, nik text, cells json, record ${rtype}, findings json, rejected bool, PRIMARY KEY (batch_id, row_number))`).execute(h.db);
if (variant.endsWith('-idx')) { await sql`CREATE INDEX ON t (batch_id, kk)`.execute(h.db); await sql`CREATE INDEX ON t (batch_id, nik)`.execute(h.db); }
const p = {nik: '6474011708800001', name: 'ANDI MUNDE SAPUTRA', sex: 1, birthDate: '1980-08-17', birthPlace: 'BONTANG', relationship: 1, marital: 2, schooling: 0, education: 3, work: 4, disability: 0, chronicIllness: 0, healthInsurance: 1};
const hh = { kkNumber: '6474011503200001', address: 'JL. MAWAR NO 5', rt: '001', rw: '002', villageCode: '64.74.01.1003', districtCode: '64.74.01', desil: 3, dtsenId: 'DT123456', memberCount: null, headNik: null, headName: null, variables: Object.fromEntries(Array.from({length: 37}, (_, i) => [`variable_key_${i}`, i % 3])) };
const N = 90000, C = 1000;
const t0 = performance.now();
for (let i = 0; i < N; i += C) {
  const parts = [];
  for (let k = 0; k < C; k++) parts.push(JSON.stringify([i + k, '6474011503200001', '6474011708800001', null, (i + k) % 3 === 0 ? { h: hh, p } : { p }, null, false]));
  await sql`INSERT INTO t SELECT 1, (e->>0)::int, e->>1, e->>2, CASE WHEN json_typeof(e->3) = 'null' THEN NULL ELSE e->3 END, CASE WHEN json_typeof(e->4) = 'null' THEN NULL ELSE (e->4)::${sql.raw(rtype)} END, CASE WHEN json_typeof(e->5) = 'null' THEN NULL ELSE e->5 END, (e->>6)::boolean FROM json_array_elements(${'[' + parts.join(',') + ']'}::json) e`.execute(h.db);
}
console.log(variant, 'insert ms', Math.round(performance.now() - t0));
await h.close();
