import fs from 'node:fs';
import { createSeededApp, DEMO_PASSWORD } from '../../test/helpers/seed.ts';
const s = await createSeededApp({ households: 30 });
await s.app.listen({ port: 0, host: '127.0.0.1' });
const a = s.app.server.address();
if (!a || typeof a === 'string') throw new Error();
const base = `http://127.0.0.1:${a.port}`;
const jar = new Map<string,string>(); let cookie = '';
const j = async (method: string, url: string, body?: unknown, extra: Record<string,string> = {}) => {
  const r = await fetch(base + url, { method, headers: { cookie, ...(body ? {'content-type':'application/json'}:{}), ...extra }, body: body ? JSON.stringify(body) : undefined });
  const sc = r.headers.getSetCookie(); for (const c of sc) { const [kv=''] = c.split(';'); const i = kv.indexOf('='); jar.set(kv.slice(0,i), kv.slice(i+1)); } cookie = [...jar].map(([k,v])=>`${k}=${v}`).join('; ');
  const t = await r.text(); try { return { status: r.status, body: JSON.parse(t) }; } catch { return { status: r.status, body: t.slice(0, 200) }; }
};
await j('POST', '/api/auth/login', { username: 'operator', password: DEMO_PASSWORD });
const csrf = (await j('GET', '/api/auth/csrf')).body.token;
const fd = new FormData();
fd.set('source', 'kemensos');
fd.set('releaseDate', '2025-08-01');
fd.set('file', new Blob([fs.readFileSync('test/fixtures/imports/kemensos-title-rows.xlsx')]), 'kemensos-title-rows.xlsx');
const up = await fetch(base + '/api/imports', { method: 'POST', headers: { cookie, 'x-csrf-token': csrf }, body: fd });
const upb = await up.json() as { batchId: number; jobId: string };
console.log(up.status, upb);
for (let i = 0; i < 50; i++) { const jb = await j('GET', `/api/imports/jobs/${upb.jobId}`); console.log(JSON.stringify(jb.body)); if (jb.body.state === 'done' || jb.body.state === 'failed') break; await new Promise((r) => setTimeout(r, 200)); }
const d = await j('GET', `/api/imports/${upb.batchId}`);
console.log(JSON.stringify(d.body, null, 1).slice(0, 9000));
console.log(JSON.stringify((await j('GET', `/api/imports/${upb.batchId}/diff`)).body).slice(0, 1500));
console.log(JSON.stringify((await j('GET', `/api/imports`)).body).slice(0, 1500));
console.log(JSON.stringify((await j('GET', `/api/imports/presets`)).body).slice(0, 500));
await s.close();
