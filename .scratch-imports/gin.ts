import { sql } from 'kysely';
import { createTestDatabase } from '../test/helpers/database.ts';
import { createBatch, stageBatch, commitBatch } from '../src/server/features/imports/index.ts';
import { SYSTEM_ACTOR } from '../src/server/features/audit/index.ts';
const file = process.argv[2]!;
const t = await createTestDatabase();
const settings = { regionCode: '64.74', maxUploadBytes: 500e6, dataDir: 'memory://' };
const id = await createBatch(t.handle.db, SYSTEM_ACTOR, { source: 'kemensos', fileName: 'demo.xlsx', filePath: file, releaseDate: '2025-08-15' });
await stageBatch(t.handle.db, id, { settings, chunkSize: 1000 });
const idx = await sql<{ indexname: string; indexdef: string }>`SELECT indexname, indexdef FROM pg_indexes WHERE tablename IN ('person','household','record_provenance','audit_log') AND indexname NOT LIKE '%pkey'`.execute(t.handle.db);
console.log(idx.rows.map(r => r.indexname).join(' '));
if (process.argv[3] === 'drop') for (const r of idx.rows) await sql.raw(`DROP INDEX ${r.indexname}`).execute(t.handle.db);
let c0 = process.cpuUsage(); let t0 = performance.now();
await commitBatch(t.handle.db, SYSTEM_ACTOR, id);
let c = process.cpuUsage(c0);
console.log('commit ms', Math.round(performance.now() - t0), 'cpu', Math.round((c.user+c.system)/1000));
if (process.argv[3] === 'drop') { c0 = process.cpuUsage(); for (const r of idx.rows) await sql.raw(r.indexdef).execute(t.handle.db); c = process.cpuUsage(c0); console.log('reindex cpu', Math.round((c.user+c.system)/1000)); }
await t.close();
