/**
 * No KK (family card number): region code where issued (6 digits), a date part (6 digits, encoding
 * unconfirmed, so not checked) and a serial (4 digits) (domain.md §3).
 */
import {
  checkIdNumberStructure,
  idNumberFindings,
  maskIdNumber,
  normalizeIdNumberInput,
  regionCodeOf,
  type Finding,
  type IdNumberProblem,
  type InputSource,
  type NormalizedIdNumber,
} from './identity-number.ts';

export type KkFindingCode = `kk_${IdNumberProblem}`;

export type KkFinding = Finding<KkFindingCode>;

export type ParsedKk = {
  /** Two-digit segments as written: `64`, `74`, `01`. */
  province: string;
  regency: string;
  district: string;
  /** Dotted kecamatan code where the card was issued, `64.74.01`. */
  regionCode: string;
  /** Digits 7–12, kept as written because their meaning is not confirmed. */
  datePart: string;
  serial: string;
};

const KK_NAME = { id: 'Nomor KK', en: 'KK number' };

/** Cleans a raw No KK cell (string or number) and flags spreadsheet damage; see normalizeIdNumberInput. */
export function normalizeKkInput(raw: unknown): NormalizedIdNumber {
  return normalizeIdNumberInput(raw);
}

/** Splits a No KK into its parts; null unless exactly 16 digits. */
export function parseKk(kk: string): ParsedKk | null {
  if (!/^\d{16}$/.test(kk)) return null;
  return {
    province: kk.slice(0, 2),
    regency: kk.slice(2, 4),
    district: kk.slice(4, 6),
    regionCode: regionCodeOf(kk),
    datePart: kk.slice(6, 12),
    serial: kk.slice(12),
  };
}

/** Every problem with a No KK; an empty array means valid. */
export function validateKk(raw: unknown, opts: { source?: InputSource } = {}): KkFinding[] {
  const normalized = normalizeKkInput(raw);
  const { problems, digits } = checkIdNumberStructure(normalized, opts.source ?? 'spreadsheet');
  return idNumberFindings('kk', KK_NAME, problems, digits ?? normalized.value);
}

/** Masks a No KK for display: region and last two digits stay. */
export function maskKk(kk: string): string {
  return maskIdNumber(kk);
}
