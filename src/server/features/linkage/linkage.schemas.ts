/** Request and response schemas shared by the person and the family review routes. */
import { z } from 'zod';
import { PAIR_STATUSES } from './linkage.review.ts';

/** A numeric id in the path (a Postgres int). */
export const idParams = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });

/** Page and page size of a list. */
export const paging = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

/** A village filter. */
export const villageCode = z.string().max(20).optional();

/** The status of a person or household pair. */
export const pairStatus = z.enum(PAIR_STATUSES);

/** Which record's value a merge keeps for a field: 'left' is the smaller id. */
export const fieldChoice = z.enum(['left', 'right']);

/** A page of items. */
export const page = <T extends z.ZodTypeAny>(item: T) =>
  z.object({ items: z.array(item), total: z.number(), page: z.number(), pageSize: z.number() });

/** A page of pairs with the counts per status. */
export const pairPage = <T extends z.ZodTypeAny>(item: T) =>
  page(item).extend({ counts: z.record(z.string(), z.number()) });

/** The query of a pair list: statuses as a comma list (review by default), a village, a page. */
export const pairListQuery = paging.extend({
  status: z
    .string()
    .max(200)
    .default('review')
    .transform((s) => s.split(',').filter(Boolean))
    .pipe(z.array(pairStatus)),
  villageCode,
});

/** The query of a merge list: active, undone or both, a page. */
export const mergeListQuery = paging.extend({ active: z.enum(['true', 'false']).optional() });

/** The active filter of a merge list query: undefined for both. */
export function activeFilter(active: 'true' | 'false' | undefined): { active: boolean | undefined } {
  return { active: active === undefined ? undefined : active === 'true' };
}

/** The body of a decision on a pair. */
export const decisionBody = z.object({
  decision: z.enum(['accept', 'reject', 'skip']),
  reason: z.string().max(1000).optional(),
});

/** The body of a merge undo. */
export const undoBody = z.object({ reason: z.string().max(1000) });

/** The two records a merge body names, survivor first. */
export const mergeIds = {
  survivorId: z.number().int().positive(),
  mergedId: z.number().int().positive(),
};

/** The reason and optional pair that end every merge body. */
export const mergeReason = {
  reason: z.string().max(1000),
  pairId: z.number().int().positive().optional(),
};

/** Per field of a merge, which record's value the survivor keeps (none by default). */
export function fieldChoices(names: readonly string[]) {
  return z.partialRecord(z.enum(names as [string, ...string[]]), fieldChoice).default({});
}

/** Who merged and undid a merge, when and why: the fields every merge shape ends with. */
export const mergeTrail = {
  reason: z.string(),
  mergedBy: z.string(),
  mergedAt: z.date(),
  undoneBy: z.string().nullable(),
  undoneAt: z.date().nullable(),
  undoReason: z.string().nullable(),
};

/** Who decided a pair, when and why. */
export const decisionTrail = {
  decidedBy: z.string().nullable(),
  decidedAt: z.union([z.date(), z.string()]).nullable(),
  reason: z.string().nullable(),
};
