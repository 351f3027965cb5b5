/**
 * NIK and KK numbers for matching: validation (damaged numbers are missing, never half-trusted) and
 * the error-aware NIK comparisons: adjacent-digit transposition, one wrong digit, and the women's
 * day + 40 (same NIK except the day field differs by exactly 40 → same person, sex entered wrongly).
 */
import { hammingDistance, isAdjacentTransposition } from '../engine/comparators.ts';

/** The parts of a NIK. */
export interface NikParts {
  regionCode: string;
  birthDay: number;
  birthMonth: number;
  birthYear2: number;
  female: boolean;
  serial: string;
}

/** Splits a 16-digit NIK into its parts; null when it is not a plausible NIK. */
export function parseNik(nik: string): NikParts | null {
  if (!/^\d{16}$/.test(nik)) return null;
  const province = Number(nik.slice(0, 2));
  const dd = Number(nik.slice(6, 8));
  const mm = Number(nik.slice(8, 10));
  const serial = nik.slice(12, 16);
  if (province < 11 || province > 96) return null;
  const female = dd > 40;
  const day = female ? dd - 40 : dd;
  if (day < 1 || day > 31 || mm < 1 || mm > 12 || serial === '0000') return null;
  return {
    regionCode: nik.slice(0, 6),
    birthDay: day,
    birthMonth: mm,
    birthYear2: Number(nik.slice(10, 12)),
    female,
    serial,
  };
}

/**
 * Cleans a NIK cell: digits only, 16 of them, plausible parts. Excel-damaged values such as
 * "6.47401E+15" or a zero serial are treated as missing.
 */
export function normaliseNik(raw: string): string | null {
  if (/e\+?\d/i.test(raw)) return null;
  const digits = raw.replace(/\D+/g, '');
  return parseNik(digits) ? digits : null;
}

/** Cleans a KK number: 16 digits and not ending in 0000 (an Excel-truncated number). */
export function normaliseKk(raw: string): string | null {
  if (/e\+?\d/i.test(raw)) return null;
  const digits = raw.replace(/\D+/g, '');
  if (digits.length !== 16 || digits.endsWith('0000') || /^0+$/.test(digits)) return null;
  return digits;
}

/** True when the NIKs are equal except that the day field differs by exactly 40. */
export function nikDayPlus40(a: string, b: string): boolean {
  if (a.length !== 16 || b.length !== 16) return false;
  for (let i = 0; i < 16; i++) {
    if (i !== 6 && i !== 7 && a.charCodeAt(i) !== b.charCodeAt(i)) return false;
  }
  // Called for every compared pair: read the two day digits without allocating substrings.
  const dayA = (a.charCodeAt(6) - 48) * 10 + (a.charCodeAt(7) - 48);
  const dayB = (b.charCodeAt(6) - 48) * 10 + (b.charCodeAt(7) - 48);
  return Math.abs(dayA - dayB) === 40;
}

/** True when one NIK is the other with two adjacent digits swapped. */
export function nikTransposition(a: string, b: string): boolean {
  return isAdjacentTransposition(a, b);
}

/**
 * True when one NIK is the other with two adjacent digits swapped, not both inside the serial (digits
 * 13–16): people born on the same day in the same kecamatan get serials such as 0001 and 0010.
 */
export function nikTranspositionOutsideSerial(a: string, b: string): boolean {
  if (!isAdjacentTransposition(a, b)) return false;
  let i = 0;
  while (i < a.length && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i < 12;
}

/** True when the NIKs differ in exactly one digit. */
export function nikOneDigit(a: string, b: string): boolean {
  return hammingDistance(a, b) === 1;
}

/**
 * True when the NIKs differ in exactly one digit of the birth-date part (digits 7–12). Unlike a
 * one-digit difference in the region or serial part, this cannot come from two people born on the
 * same day (their date parts are equal), so it does not double-count a birth-date agreement.
 */
export function nikOneDigitDate(a: string, b: string): boolean {
  if (hammingDistance(a, b) !== 1) return false;
  for (let i = 6; i < 12; i++) if (a.charCodeAt(i) !== b.charCodeAt(i)) return true;
  return false;
}
