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

/** Conflicts of one household; exclusion flags are reported only when the official desil is within the quota. */
export function detectConflicts(
  h: { officialDesil: number | null; estimatedDesil: number | null; input: ScoringInput },
  options: ConflictOptions = {},
): Conflict[] {
  const gap = options.gap ?? 2;
  const quota = options.quota ?? 4;
  const conflicts: Conflict[] = [];
  const { officialDesil: official, estimatedDesil: estimated, input } = h;
  if (official !== null && estimated !== null && Math.abs(official - estimated) >= gap) {
    conflicts.push({
      code: 'desil_gap',
      message: {
        id: `Desil resmi ${official} dan perkiraan lokal desil ${estimated} berselisih ${Math.abs(official - estimated)} desil`,
        en: `Official desil ${official} and local estimate desil ${estimated} differ by ${Math.abs(official - estimated)} deciles`,
      },
    });
  }
  if (official === null || official > quota) return conflicts;
  const within = {
    id: `desil resmi ${official} (desil 1–${quota})`,
    en: `official desil ${official} (desil 1–${quota})`,
  };
  const apparatus = input.members.filter(
    (m) => m.status === 1 && m.work !== null && STATE_APPARATUS_WORK.has(m.work),
  );
  if (apparatus.length > 0)
    conflicts.push({
      code: 'asn_tni_polri_member',
      message: {
        id: `${apparatus.length} anggota keluarga ASN/TNI/Polri, padahal ${within.id}`,
        en: `${apparatus.length} family member(s) are civil servants, soldiers or police, yet ${within.en}`,
      },
    });
  const car = input.variables.asset_car;
  if (car === true || car === 1)
    conflicts.push({
      code: 'owns_car',
      message: { id: `Memiliki mobil, padahal ${within.id}`, en: `Owns a car, yet ${within.en}` },
    });
  const power = input.variables.power_va;
  if (typeof power === 'number' && power >= FIRST_UNSUBSIDISED_POWER_CODE)
    conflicts.push({
      code: 'non_subsidised_power',
      message: {
        id: `Daya listrik di atas 900 VA (tidak bersubsidi), padahal ${within.id}`,
        en: `Electricity above 900 VA (not subsidised), yet ${within.en}`,
      },
    });
  return conflicts;
}
