/**
 * Versions of the PMT model and of the criteria rule set: the shipped files loaded at start, new
 * versions from an administrator or from calibration, and activation (which rescores everything).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Kysely, Transaction } from 'kysely';
import { PROJECT_ROOT } from '../../platform/config.ts';
import type { Database } from '../../platform/db/schema.ts';
import { AppError, errors } from '../../platform/errors.ts';
import { recordAudit, SYSTEM_ACTOR, type Actor } from '../audit/index.ts';
import { validateCriteriaRuleSet, type CriteriaRuleSet } from './criteria/index.ts';
import { validatePmtModel, type PmtModel } from './pmt/index.ts';
import {
  findActiveVersion,
  findVersion,
  insertVersion,
  maxVersion,
  setActiveVersion,
  versionExists,
  type VersionedKind,
} from './scoring.repository.ts';
import { rescoreHouseholds, type RescoreResult } from './scoring.rescore.ts';

type Db = Kysely<Database> | Transaction<Database>;

export const MODELS_DIR = path.join(PROJECT_ROOT, 'models');
const DEFAULT_MODEL_KEY = 'default';

const NAMES: Record<VersionedKind, { id: string; en: string; folder: string; audit: string }> = {
  pmt: { id: 'Model PMT', en: 'PMT model', folder: 'pmt', audit: 'pmt_model' },
  criteria: {
    id: 'Aturan kriteria lokal',
    en: 'local criteria rule set',
    folder: 'criteria',
    audit: 'criteria_rule_set',
  },
};

type Validated = { ok: true; body: PmtModel | CriteriaRuleSet } | { ok: false; issues: string[] };

function validate(kind: VersionedKind, json: unknown): Validated {
  if (kind === 'pmt') {
    const r = validatePmtModel(json);
    return r.ok ? { ok: true, body: r.model } : r;
  }
  const r = validateCriteriaRuleSet(json);
  return r.ok ? { ok: true, body: r.ruleSet } : r;
}

function invalidBody(kind: VersionedKind, issues: string[]): AppError {
  const shown = issues.slice(0, 20).join('; ');
  const more = issues.length > 20 ? ` (+${issues.length - 20})` : '';
  return new AppError(
    kind === 'pmt' ? 'invalid_model' : 'invalid_rule_set',
    400,
    {
      id: `${NAMES[kind].id} tidak valid: ${shown}${more}`,
      en: `Invalid ${NAMES[kind].en}: ${shown}${more}`,
    },
    issues,
  );
}

/**
 * Loads the model and rule-set files shipped in `models/` that the database lacks (by id and
 * version), and activates one when none is active: the `default` model, the first rule set.
 */
export async function ensureShippedScoringModels(
  db: Kysely<Database>,
  dir = MODELS_DIR,
): Promise<{ loaded: string[]; activated: string[] }> {
  const loaded: string[] = [];
  const activated: string[] = [];
  for (const kind of ['pmt', 'criteria'] as const) {
    const folder = path.join(dir, NAMES[kind].folder);
    if (!fs.existsSync(folder)) continue;
    const files = fs
      .readdirSync(folder)
      .filter((f) => f.endsWith('.json'))
      .sort();
    await db.transaction().execute(async (trx) => {
      const shipped: { id: number; key: string; version: number }[] = [];
      for (const file of files) {
        const result = validate(kind, JSON.parse(fs.readFileSync(path.join(folder, file), 'utf8')));
        if (!result.ok) throw new Error(`models/${NAMES[kind].folder}/${file}: ${result.issues.join('; ')}`);
        const { id: key, version } = result.body;
        if (await versionExists(trx, kind, key, version)) continue;
        const id = await insertVersion(trx, kind, {
          key,
          version,
          body: result.body,
          note: `models/${NAMES[kind].folder}/${file}`,
          createdBy: null,
        });
        shipped.push({ id, key, version });
        loaded.push(`${kind}:${key}-v${version}`);
        await recordAudit(trx, SYSTEM_ACTOR, {
          action: `${NAMES[kind].audit}.load`,
          targetType: NAMES[kind].audit,
          targetId: id,
          after: { key, version, file },
        });
      }
      if (shipped.length === 0 || (await findActiveVersion(trx, kind))) return;
      const preferred = shipped
        .filter((s) => kind !== 'pmt' || s.key === DEFAULT_MODEL_KEY)
        .sort((a, b) => b.version - a.version)[0];
      const pick = preferred ?? shipped[0];
      if (!pick) return;
      await setActiveVersion(trx, kind, pick.id);
      activated.push(`${kind}:${pick.key}-v${pick.version}`);
    });
  }
  return { loaded, activated };
}

/**
 * Stores a new version from a body. The version number is the next free one for the body's id, so
 * an edited copy of version 3 becomes version 4 (remembering 3 in `basedOn` for a model).
 */
export async function createVersion(
  db: Db,
  actor: Actor,
  kind: VersionedKind,
  input: { body: unknown; note?: string | null | undefined },
): Promise<{ id: number; key: string; version: number; body: PmtModel | CriteriaRuleSet }> {
  const result = validate(kind, input.body);
  if (!result.ok) throw invalidBody(kind, result.issues);
  const run = async (trx: Transaction<Database>) => {
    const key = result.body.id;
    const given = result.body.version;
    const version = (await maxVersion(trx, kind, key)) + 1;
    let body: PmtModel | CriteriaRuleSet = { ...result.body, version };
    if (
      kind === 'pmt' &&
      version !== given &&
      !('basedOn' in body && body.basedOn) &&
      given >= 1 &&
      given < version
    )
      body = { ...(body as PmtModel), basedOn: { id: key, version: given } };
    const id = await insertVersion(trx, kind, {
      key,
      version,
      body,
      note: input.note?.trim() || null,
      createdBy: actor.id,
    });
    await recordAudit(trx, actor, {
      action: `${NAMES[kind].audit}.create`,
      targetType: NAMES[kind].audit,
      targetId: id,
      after: { key, version, note: input.note ?? null },
    });
    return { id, key, version, body };
  };
  return db.isTransaction ? run(db as Transaction<Database>) : db.transaction().execute(run);
}

/**
 * Makes a version the active one and rescores every household with it, in one transaction: if
 * scoring fails, the previous version stays active and its scores stay as they were.
 */
export async function activateVersion(
  db: Db,
  actor: Actor,
  kind: VersionedKind,
  id: number,
  options: {
    reason?: string | null | undefined;
    asOf?: string;
    onProgress?: (done: number, total: number) => void;
  } = {},
): Promise<{ id: number; key: string; version: number; rescore: RescoreResult | null }> {
  const run = async (trx: Transaction<Database>) => {
    const row = await findVersion(trx, kind, id);
    if (!row) throw errors.notFound();
    const result = validate(kind, row.body);
    if (!result.ok) throw invalidBody(kind, result.issues);
    const previous = await findActiveVersion(trx, kind);
    await setActiveVersion(trx, kind, id);
    // Without an active model nothing can be scored yet (a rule set loaded before any model).
    const canScore = kind === 'pmt' || (await findActiveVersion(trx, 'pmt')) !== undefined;
    const rescore = canScore
      ? await rescoreHouseholds(trx, {
          actor,
          ...(options.asOf ? { asOf: options.asOf } : {}),
          ...(options.onProgress ? { onProgress: options.onProgress } : {}),
        })
      : null;
    await recordAudit(trx, actor, {
      action: `${NAMES[kind].audit}.activate`,
      targetType: NAMES[kind].audit,
      targetId: id,
      before: previous ? { id: previous.id, key: previous.key, version: previous.version } : null,
      after: { id, key: row.key, version: row.version, households: rescore?.households ?? 0 },
      reason: options.reason ?? null,
    });
    return { id, key: row.key, version: row.version, rescore };
  };
  return db.isTransaction ? run(db as Transaction<Database>) : db.transaction().execute(run);
}
