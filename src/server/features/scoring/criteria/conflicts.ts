/**
 * Conflicts between the official desil, the local estimate and field facts: the cases Dinsos-PM must
 * see and resolve (domain.md §1, §4). Pure detection; storing and resolving them is the service's job.
 */
import type { Bilingual, ScoringInput } from '../pmt/types.ts';

export type ConflictCode = 'desil_gap' | 'asn_tni_polri_member' | 'owns_car' | 'non_subsidised_power';

export interface Conflict {
  code: ConflictCode;
  message: Bilingual;
}

export interface ConflictOptions {
  /** Minimum |official − estimated| to report a desil gap. Default 2. */
  gap?: number;
  /** Exclusion flags contradict official desil up to this value. Default 4 (desil 1–4). */
  quota?: number;
}

/** PERSON_CODES.work: 5 ASN (PNS/PPPK), 6 TNI/Polri. */
const STATE_APPARATUS_WORK = new Set([5, 6]);
/** power_va codes: 3 = 1,300 VA and above are not subsidised (450 and 900 VA are). */
const FIRST_UNSUBSIDISED_POWER_CODE = 3;

type ConflictHousehold = { officialDesil: number | null; estimatedDesil: number | null; input: ScoringInput };

function apparatusMembers(input: ScoringInput): number {
  let n = 0;
  for (const m of input.members)
    if (m.status === 1 && m.work !== null && STATE_APPARATUS_WORK.has(m.work)) n++;
  return n;
}

/**
 * The codes of a household's conflicts, in a fixed order, without their messages: what bulk scoring
 * stores (the messages are rebuilt from the stored inputs when shown). Exclusion flags are reported
 * only when the official desil is within the quota.
 */
export function conflictCodes(h: ConflictHousehold, options: ConflictOptions = {}): ConflictCode[] {
  const gap = options.gap ?? 2;
  const quota = options.quota ?? 4;
  const codes: ConflictCode[] = [];
  const { officialDesil: official, estimatedDesil: estimated, input } = h;
  if (official !== null && estimated !== null && Math.abs(official - estimated) >= gap)
    codes.push('desil_gap');
  if (official === null || official > quota) return codes;
  if (apparatusMembers(input) > 0) codes.push('asn_tni_polri_member');
  const car = input.variables.asset_car;
  if (car === true || car === 1) codes.push('owns_car');
  const power = input.variables.power_va;
  if (typeof power === 'number' && power >= FIRST_UNSUBSIDISED_POWER_CODE) codes.push('non_subsidised_power');
  return codes;
}

/** Conflicts of one household with their messages (see conflictCodes). */
export function detectConflicts(h: ConflictHousehold, options: ConflictOptions = {}): Conflict[] {
  const quota = options.quota ?? 4;
  const { officialDesil: official, estimatedDesil: estimated } = h;
  const within = {
    id: `desil resmi ${official} (desil 1–${quota})`,
    en: `official desil ${official} (desil 1–${quota})`,
  };
  return conflictCodes(h, options).map((code): Conflict => {
    switch (code) {
      case 'desil_gap': {
        const gap = Math.abs((official ?? 0) - (estimated ?? 0));
        return {
          code,
          message: {
            id: `Desil resmi ${official} dan perkiraan lokal desil ${estimated} berselisih ${gap} desil`,
            en: `Official desil ${official} and local estimate desil ${estimated} differ by ${gap} deciles`,
          },
        };
      }
      case 'asn_tni_polri_member': {
        const n = apparatusMembers(h.input);
        return {
          code,
          message: {
            id: `${n} anggota keluarga ASN/TNI/Polri, padahal ${within.id}`,
            en: `${n} family member(s) are civil servants, soldiers or police, yet ${within.en}`,
          },
        };
      }
      case 'owns_car':
        return {
          code,
          message: { id: `Memiliki mobil, padahal ${within.id}`, en: `Owns a car, yet ${within.en}` },
        };
      case 'non_subsidised_power':
        return {
          code,
          message: {
            id: `Daya listrik di atas 900 VA (tidak bersubsidi), padahal ${within.id}`,
            en: `Electricity above 900 VA (not subsidised), yet ${within.en}`,
          },
        };
    }
  });
}
