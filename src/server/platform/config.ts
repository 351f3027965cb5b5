import path from 'node:path';
import { z } from 'zod';

const envSchema = z.object({
  DATABASE_URL: z.string().optional(),
  TEPAT_DATA_DIR: z.string().default('.tepat-data'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  TEPAT_REGION: z
    .string()
    .regex(/^\d{2}\.\d{2}$/)
    .default('64.74'),
  TEPAT_DEMO: z.enum(['auto', 'off']).default('auto'),
  TEPAT_DEMO_HOUSEHOLDS: z.coerce.number().int().min(0).default(27_000),
  TEPAT_DEMO_SEED: z.coerce.number().int().default(2025),
  TEPAT_SESSION_HOURS: z.coerce.number().positive().default(12),
  TEPAT_SECURE_COOKIES: z.enum(['true', 'false']).default('false'),
  TEPAT_LOGIN_MAX_ATTEMPTS: z.coerce.number().int().positive().default(10),
  TEPAT_MAX_UPLOAD_MB: z.coerce.number().positive().default(200),
  TEPAT_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface AppConfig {
  databaseUrl: string | undefined;
  dataDir: string;
  port: number;
  host: string;
  regionCode: string;
  demo: 'auto' | 'off';
  demoHouseholds: number;
  demoSeed: number;
  sessionHours: number;
  secureCookies: boolean;
  loginMaxAttempts: number;
  maxUploadBytes: number;
  logLevel: string;
}

/** Reads the configuration from environment variables (documented in the README). */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  overrides: Partial<AppConfig> = {},
): AppConfig {
  const e = envSchema.parse(env);
  return {
    databaseUrl: e.DATABASE_URL || undefined,
    dataDir: path.resolve(e.TEPAT_DATA_DIR),
    port: e.PORT,
    host: e.HOST,
    regionCode: e.TEPAT_REGION,
    demo: e.TEPAT_DEMO,
    demoHouseholds: e.TEPAT_DEMO_HOUSEHOLDS,
    demoSeed: e.TEPAT_DEMO_SEED,
    sessionHours: e.TEPAT_SESSION_HOURS,
    secureCookies: e.TEPAT_SECURE_COOKIES === 'true',
    loginMaxAttempts: e.TEPAT_LOGIN_MAX_ATTEMPTS,
    maxUploadBytes: e.TEPAT_MAX_UPLOAD_MB * 1024 * 1024,
    logLevel: e.TEPAT_LOG_LEVEL,
    ...overrides,
  };
}

/** The project root, for files the app ships (migrations, reference data, models). */
export const PROJECT_ROOT = path.resolve(import.meta.dirname, '../../..');
