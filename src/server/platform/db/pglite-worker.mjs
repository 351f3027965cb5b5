// PGlite runs PostgreSQL in WebAssembly on the calling thread. This worker gives it its own thread and
// serves it on a Unix socket, so the HTTP server's event loop stays free and one driver (`pg`) talks to
// both PGlite and a PostgreSQL server. Plain JavaScript because worker threads do not inherit tsx.
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { fuzzystrmatch } from '@electric-sql/pglite/contrib/fuzzystrmatch';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

const { dataDir, socketPath } = workerData;

try {
  const db = await PGlite.create(dataDir, { extensions: { pg_trgm, fuzzystrmatch, unaccent } });
  const server = new PGLiteSocketServer({ db, path: socketPath });
  await server.start();
  parentPort.postMessage({ type: 'ready' });
  parentPort.on('message', async (message) => {
    if (message?.type !== 'close') return;
    await server.stop();
    await db.close();
    parentPort.postMessage({ type: 'closed' });
  });
} catch (error) {
  parentPort.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error) });
}
