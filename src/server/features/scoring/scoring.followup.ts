/**
 * Rescoring after a change to the registry (an import, a registry edit, a person merge or its undo):
 * the one entry point the features that change households call, so every place keeps scores current
 * the same way.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import type { Actor } from '../audit/index.ts';
import { rescoreHouseholds, type RescoreResult } from './scoring.rescore.ts';
import { findActiveVersion } from './scoring.repository.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** Options of rescoreAfterChange. */
export interface RescoreAfterChangeOptions {
  onProgress?: (done: number, total: number) => void;
}

/**
 * Rescores the households a change touched (`'all'`: every active household, e.g. after a first
 * load) with the active model and rule set, in the caller's transaction when given one. Returns null
 * without doing anything when no PMT model is active (a fresh database without the shipped model
 * must not fail an edit) or when there is nothing to score; every other failure is thrown.
 */
export async function rescoreAfterChange(
  db: Db,
  householdIds: readonly number[] | 'all',
  actor: Actor,
  options: RescoreAfterChangeOptions = {},
): Promise<RescoreResult | null> {
  if (householdIds !== 'all' && householdIds.length === 0) return null;
  // Checked before rescoreHouseholds takes the scoring lock, so a database without a model costs one read.
  if (!(await findActiveVersion(db, 'pmt'))) return null;
  return rescoreHouseholds(db, {
    ...(householdIds === 'all' ? {} : { householdIds }),
    actor,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
}
