/** Pure rules of the duplicates page: badge colours, merge defaults, keyboard shortcuts. */
import { validateNik } from '../../../shared/domain/nik.ts';
import type {
  LinkageAgreement,
  LinkagePairSide,
  LinkagePairStatus,
  MergeFieldName,
} from '../../api/types.ts';

/** The Mantine colour of an agreement badge: green equal, lime close, orange weak, red different, grey missing. */
export function agreementColor(agreement: LinkageAgreement): string {
  switch (agreement) {
    case 'exact':
      return 'green';
    case 'close':
      return 'lime';
    case 'weak':
      return 'orange';
    case 'different':
      return 'red';
    case 'missing':
      return 'gray';
  }
}

/** The colour of a pair status badge. */
export function pairStatusColor(status: LinkagePairStatus): string {
  switch (status) {
    case 'auto_accepted':
    case 'accepted':
      return 'teal';
    case 'merged':
      return 'blue';
    case 'rejected':
      return 'red';
    case 'skipped':
      return 'gray';
    case 'review':
      return 'yellow';
  }
}

/** The fields a merge chooses, in the order the dialog shows them, with the person property each reads. */
export const MERGE_FIELDS: readonly MergeFieldName[] = [
  'nik',
  'name',
  'sex',
  'birthDate',
  'birthPlace',
  'marital',
  'schooling',
  'education',
  'work',
  'disability',
  'chronicIllness',
  'healthInsurance',
];

/** The value of a merge field on one side. */
export function mergeValue(side: LinkagePairSide, field: MergeFieldName): string | number | null {
  return side[field];
}

function nikQuality(side: LinkagePairSide): number {
  if (!side.nik) return 0;
  const sex = side.sex === 1 || side.sex === 2 ? side.sex : null;
  const findings = validateNik(side.nik, { birthDate: side.birthDate, sex }, { source: 'typed' });
  if (findings.some((f) => f.severity === 'error')) return 1;
  return findings.length > 0 ? 2 : 3;
}

/**
 * Which side's value the survivor keeps by default, per field: the more complete one. A value beats
 * none; a NIK that passes the checks beats one that does not; a longer text (a full name rather than
 * an abbreviation) beats a shorter one; a code other than 0 ("none / not asked") beats 0. Ties keep
 * the survivor's own value.
 */
export function defaultFieldChoices(
  left: LinkagePairSide,
  right: LinkagePairSide,
  survivor: 'left' | 'right',
): Record<MergeFieldName, 'left' | 'right'> {
  const out = {} as Record<MergeFieldName, 'left' | 'right'>;
  for (const field of MERGE_FIELDS) {
    const a = mergeValue(left, field);
    const b = mergeValue(right, field);
    let pick: 'left' | 'right' = survivor;
    if (a === null || a === '') pick = b === null || b === '' ? survivor : 'right';
    else if (b === null || b === '') pick = 'left';
    else if (field === 'nik') {
      const qa = nikQuality(left);
      const qb = nikQuality(right);
      if (qa !== qb) pick = qa > qb ? 'left' : 'right';
    } else if (typeof a === 'string' && typeof b === 'string') {
      if (a.trim().length !== b.trim().length) pick = a.trim().length > b.trim().length ? 'left' : 'right';
    } else if (typeof a === 'number' && typeof b === 'number' && (a === 0) !== (b === 0)) {
      pick = a === 0 ? 'right' : 'left';
    }
    out[field] = pick;
  }
  return out;
}

/** Keyboard shortcuts of the review queue (lower-case key → action). */
export const REVIEW_SHORTCUTS = {
  a: 'accept',
  r: 'reject',
  s: 'skip',
  m: 'merge',
  j: 'next',
  k: 'previous',
} as const;
export type ReviewAction = (typeof REVIEW_SHORTCUTS)[keyof typeof REVIEW_SHORTCUTS];

/** The shortcut letter of an action, upper case as shown on screen. */
export function shortcutOf(action: ReviewAction): string {
  const entry = Object.entries(REVIEW_SHORTCUTS).find(([, a]) => a === action);
  return (entry?.[0] ?? '').toUpperCase();
}

/**
 * The review action a key press asks for, or null: plain letters only, and never while the user types
 * in a field (the reason box) or holds a modifier (browser shortcuts stay theirs).
 */
export function reviewActionOfKey(event: {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  targetTag: string | null;
  targetEditable: boolean;
}): ReviewAction | null {
  if (event.ctrlKey || event.metaKey || event.altKey) return null;
  const tag = (event.targetTag ?? '').toUpperCase();
  if (event.targetEditable || tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT') return null;
  const key = event.key.toLowerCase();
  return key in REVIEW_SHORTCUTS ? REVIEW_SHORTCUTS[key as keyof typeof REVIEW_SHORTCUTS] : null;
}

/** A probability as a percentage with enough digits to tell 99.9 % from 99.999 %. */
export function formatProbability(p: number, locale: string): string {
  const pct = p * 100;
  const digits = pct >= 99.99 ? 4 : pct >= 99 ? 2 : 1;
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: digits, minimumFractionDigits: 0 }).format(pct)} %`;
}

/** A weight in bits with a sign, e.g. "+13,9" or "−5,8". */
export function formatBits(weight: number, locale: string): string {
  const text = new Intl.NumberFormat(locale, { maximumFractionDigits: 1, minimumFractionDigits: 1 }).format(
    Math.abs(weight),
  );
  if (weight > 0) return `+${text}`;
  if (weight < 0) return `\u2212${text}`;
  return text;
}
