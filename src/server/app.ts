import fs from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { PROJECT_ROOT, type AppConfig } from './platform/config.ts';
import type { DatabaseHandle } from './platform/db/connect.ts';
import { AppError } from './platform/errors.ts';
import { authPlugin } from './platform/http/auth.ts';
import { requestLanguage } from './platform/http/language.ts';
import { accessRoutes } from './features/access/access.routes.ts';
import { auditRoutes } from './features/audit/audit.routes.ts';
import { importRoutes } from './features/imports/index.ts';
import { linkageRoutes } from './features/linkage/linkage.routes.ts';
import { registryEditRoutes, registryRoutes } from './features/registry/registry.routes.ts';
import { regionRoutes } from './features/regions/regions.routes.ts';
import { scoringRoutes } from './features/scoring/scoring.routes.ts';

export const APP_VERSION = '0.1.0';
const WEB_DIR = path.join(PROJECT_ROOT, 'dist', 'web');

export interface BuildAppOptions {
  config: AppConfig;
  database: DatabaseHandle;
  logger?: boolean;
}

/** Composes the HTTP application: security plugins, feature routes, OpenAPI, and the built web app. */
export async function buildApp({
  config,
  database,
  logger = false,
}: BuildAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: logger ? { level: config.logLevel } : false,
    trustProxy: true,
    bodyLimit: 1024 * 1024,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  const { db } = database;

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const lang = requestLanguage(request);
    if (error instanceof AppError) {
      return reply.status(error.status).send({ error: { code: error.code, message: error.messages[lang] } });
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const fields = error.validation.map((v) => v.instancePath.replace(/^\//, ''));
      const list = fields.filter(Boolean).join(', ');
      return reply.status(400).send({
        error: {
          code: 'invalid_input',
          message:
            lang === 'en'
              ? `Invalid input${list ? `: ${list}` : ''}.`
              : `Isian tidak valid${list ? `: ${list}` : ''}.`,
        },
      });
    }
    if (error.statusCode === 429) {
      return reply.status(429).send({
        error: {
          code: 'too_many_attempts',
          message:
            lang === 'en'
              ? 'Too many attempts. Wait 15 minutes and try again.'
              : 'Terlalu banyak percobaan. Tunggu 15 menit lalu coba lagi.',
        },
      });
    }
    if (error.code?.startsWith('FST_CSRF')) {
      return reply.status(403).send({
        error: {
          code: 'csrf_invalid',
          message:
            lang === 'en'
              ? 'The security token is missing or expired. Reload the page and try again.'
              : 'Token keamanan tidak ada atau kedaluwarsa. Muat ulang halaman lalu coba lagi.',
        },
      });
    }
    if (error.statusCode && error.statusCode < 500) {
      return reply
        .status(error.statusCode)
        .send({ error: { code: error.code ?? 'bad_request', message: error.message } });
    }
    request.log.error(error);
    return reply.status(500).send({
      error: {
        code: 'internal_error',
        message: lang === 'en' ? 'Something went wrong on the server.' : 'Terjadi kesalahan pada server.',
      },
    });
  });

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Tepat API',
        description: 'Satu data kemiskinan: registry, import, linkage, verification, ranking and planning.',
        version: APP_VERSION,
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(async (scoped) => {
    await scoped.register(helmet, {
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:', 'blob:'],
          connectSrc: ["'self'"],
          upgradeInsecureRequests: null,
        },
      },
    });
    await scoped.register(cookie);
    await scoped.register(csrf, {
      cookieOpts: { path: '/', sameSite: 'strict', httpOnly: true, secure: config.secureCookies },
      getToken: (req) => {
        const value = req.headers['x-csrf-token'];
        return typeof value === 'string' ? value : undefined;
      },
    });
    scoped.addHook('onRequest', (request, reply, done) => {
      if (['GET', 'HEAD', 'OPTIONS'].includes(request.method)) return done();
      scoped.csrfProtection(request, reply, done);
    });
    await scoped.register(rateLimit, { global: false });
    await scoped.register(authPlugin, { db });

    scoped.get('/api/health', { schema: { tags: ['system'] } }, async () => {
      const row = await sql<{ n: number }>`SELECT count(*)::int AS n FROM household WHERE status = 1`.execute(
        db,
      );
      return {
        status: 'ok',
        database: database.kind,
        version: APP_VERSION,
        households: row.rows[0]?.n ?? 0,
      };
    });
    await scoped.register(accessRoutes, { db, config });
    await scoped.register(registryRoutes, { db });
    await scoped.register(registryEditRoutes, { db });
    await scoped.register(regionRoutes, { db, config });
    await scoped.register(auditRoutes, { db });
    await scoped.register(scoringRoutes, { db, config });
    // Uploads stream to disk; the size limit is checked there with a message in both languages.
    await scoped.register(multipart, {
      throwFileSizeLimit: false,
      limits: { fileSize: config.maxUploadBytes, files: 1, fields: 20, fieldSize: 256 * 1024 },
    });
    await scoped.register(importRoutes, { db, config, kind: database.kind });
    await scoped.register(linkageRoutes, { db, config });

    if (fs.existsSync(path.join(WEB_DIR, 'index.html'))) {
      await scoped.register(fastifyStatic, { root: WEB_DIR, prefix: '/', wildcard: false });
      // Client-side routes (/registri, /keluarga/12) get the app shell; unknown /api paths stay 404.
      scoped.setNotFoundHandler((request, reply) => {
        if (request.method === 'GET' && !request.url.startsWith('/api/')) return reply.sendFile('index.html');
        return reply
          .status(404)
          .send({ error: { code: 'not_found', message: notFoundMessage(requestLanguage(request)) } });
      });
    } else {
      scoped.get('/', async (_req, reply) =>
        reply
          .type('text/plain; charset=utf-8')
          .send('Tepat API is running. The web app is not built: run `npm run build:web`.'),
      );
    }
  });
  return app;
}

function notFoundMessage(lang: 'id' | 'en') {
  return lang === 'en' ? 'Not found.' : 'Tidak ditemukan.';
}
