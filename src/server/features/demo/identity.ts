/**
 * Builders for synthetic NIK and No KK numbers (domain.md §3), and the ways real files get them
 * wrong: typos, invalid parts, Excel damage. Only for the demo generator; validation lives in
 * src/shared/domain/nik.ts and kk.ts.
 */
import type { Rng } from './rng.ts';

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** `DDMMYY` of an ISO date, with 40 added to the day for women as in a NIK. */
export function nikDatePart(isoDate: string, sex: 1 | 2): string {
  const day = sex === 2 ? String(Number(isoDate.slice(8, 10)) + 40) : isoDate.slice(8, 10);
  return day + isoDate.slice(5, 7) + isoDate.slice(2, 4);
}

/**
 * Serials already used per 12-digit stem (region + date part); most stems hold a single serial. Keys
 * are the stems as numbers: hashing freshly concatenated strings made issuing a NIK ten times slower.
 */
class SerialRegistry {
  private readonly used = new Map<number, number | number[]>();

  has(stem: string, serial: number): boolean {
    const entry = this.used.get(Number(stem));
    if (entry === undefined) return false;
    return typeof entry === 'number' ? entry === serial : entry.includes(serial);
  }

  add(stem: string, serial: number): void {
    const key = Number(stem);
    const entry = this.used.get(key);
    if (entry === undefined) this.used.set(key, serial);
    else if (typeof entry === 'number') this.used.set(key, [entry, serial]);
    else entry.push(serial);
  }

  /** Lowest free serial from `start` upwards. */
  claim(stem: string, start: number): number {
    let serial = start;
    while (serial <= 9999 && this.has(stem, serial)) serial += 1;
    if (serial > 9999) throw new Error(`serials exhausted for ${stem}`);
    this.add(stem, serial);
    return serial;
  }
}

function splitNumber(value: string): { stem: string; serial: number } | null {
  return /^\d{16}$/.test(value) ? { stem: value.slice(0, 12), serial: Number(value.slice(12)) } : null;
}

/** Keeps the numbers already issued so that every true person and every family card gets its own. */
export class IdentityIssuer {
  private readonly niks = new SerialRegistry();
  private readonly kks = new SerialRegistry();

  /** A new NIK for a person first registered in kecamatan `region6` (6 digits, e.g. '647401'). */
  issueNik(rng: Rng, region6: string, birthDate: string, sex: 1 | 2): string {
    const stem = region6 + nikDatePart(birthDate, sex);
    // Serials are issued from 0001 per kecamatan and birth date, so low numbers dominate.
    const serial = this.niks.claim(stem, 1 + Math.floor(rng.next() ** 2 * 30));
    return stem + pad(serial, 4);
  }

  /** A new No KK issued in kecamatan `region6` on `issueDate`. */
  issueKk(rng: Rng, region6: string, issueDate: string): string {
    const stem = `${region6}${issueDate.slice(8, 10)}${issueDate.slice(5, 7)}${issueDate.slice(2, 4)}`;
    const serial = this.kks.claim(stem, 1 + Math.floor(rng.next() ** 2 * 40));
    return stem + pad(serial, 4);
  }

  /** Whether a 16-digit NIK is already in use (issued or reserved). */
  hasNik(nik: string): boolean {
    const parts = splitNumber(nik);
    return parts !== null && this.niks.has(parts.stem, parts.serial);
  }

  /** Marks a NIK as used, e.g. a typo that must not collide with a later one. */
  reserveNik(nik: string): void {
    const parts = splitNumber(nik);
    if (parts) this.niks.add(parts.stem, parts.serial);
  }
}

export type NikTypoKind = 'digit_changed' | 'adjacent_swap';

/** The NIK with one digit changed or two adjacent (different) digits swapped, not colliding with `used`. */
export function nikTypo(
  rng: Rng,
  nik: string,
  used: { has(nik: string): boolean },
): { nik: string; kind: NikTypoKind; detail: string } {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    // Clerks mistype the birth date and serial more than the region they copy from the form header.
    const position = rng.chance(0.85) ? rng.int(6, 15) : rng.int(0, 5);
    if (rng.chance(0.5)) {
      const old = nik[position] ?? '0';
      let digit = String(rng.int(0, 9));
      while (digit === old) digit = String(rng.int(0, 9));
      const typo = nik.slice(0, position) + digit + nik.slice(position + 1);
      if (!used.has(typo))
        return {
          nik: typo,
          kind: 'digit_changed',
          detail: `digit ${position + 1} changed ${old}→${digit}: ${nik} → ${typo}`,
        };
    } else {
      const p = Math.min(position, 14);
      const a = nik[p] ?? '';
      const b = nik[p + 1] ?? '';
      if (a === b) continue;
      const typo = nik.slice(0, p) + b + a + nik.slice(p + 2);
      if (!used.has(typo))
        return {
          nik: typo,
          kind: 'adjacent_swap',
          detail: `digits ${p + 1}–${p + 2} swapped: ${nik} → ${typo}`,
        };
    }
  }
  throw new Error(`no typo found for ${nik}`);
}

export type InvalidNikKind =
  | 'unknown_province'
  | 'day_zero'
  | 'day_out_of_range'
  | 'month_invalid'
  | 'serial_zero'
  | 'length_15'
  | 'length_17'
  | 'excel_damaged'
  | 'non_digit';

// Two-digit codes that are not provinces (the 38 provinces are 11–19, 21, 31–36, 51–53, 61–65, 71–76, 81, 82, 91–96).
const NOT_PROVINCES = [
  '00',
  '10',
  '20',
  '37',
  '39',
  '40',
  '45',
  '50',
  '55',
  '60',
  '66',
  '70',
  '77',
  '80',
  '85',
  '90',
  '99',
];

/** Excel keeps 15 significant digits: the 16th becomes 0 (6474014101900003 → 6474014101900000). */
export function excelDamage(value: string): string {
  return `${value.slice(0, 15)}0`;
}

/** Whether Excel damage of this number is detectable: its serial 000X turns into 0000. */
export function excelDamageDetectable(value: string): boolean {
  return /000[1-9]$/.test(value);
}

// Shares of the invalid-NIK kinds: Excel damage and lost digits are the most common in real files.
const INVALID_NIK_SHARES: readonly (readonly [InvalidNikKind, number])[] = [
  ['unknown_province', 0.12],
  ['day_zero', 0.1],
  ['day_out_of_range', 0.12],
  ['month_invalid', 0.1],
  ['serial_zero', 0.08],
  ['length_15', 0.14],
  ['length_17', 0.04],
  ['excel_damaged', 0.22],
  ['non_digit', 0.08],
];

/** A kind of invalid NIK drawn with realistic shares. */
export function drawInvalidNikKind(rng: Rng): InvalidNikKind {
  return rng.weighted(
    INVALID_NIK_SHARES.map(([kind]) => kind),
    INVALID_NIK_SHARES.map(([, share]) => share),
  );
}

/** An invalid version of a valid NIK, of the given kind (or a drawn one), with a description. */
export function invalidNik(
  rng: Rng,
  nik: string,
  sex: 1 | 2,
  kind?: InvalidNikKind,
): { nik: string; kind: InvalidNikKind; detail: string } {
  const chosen = kind ?? drawInvalidNikKind(rng);
  const effective: InvalidNikKind =
    (chosen === 'excel_damaged' && !excelDamageDetectable(nik)) ||
    (chosen === 'non_digit' && !nik.slice(1).includes('0'))
      ? 'length_15'
      : chosen;
  let out: string;
  switch (effective) {
    case 'unknown_province':
      out = rng.pick(NOT_PROVINCES) + nik.slice(2);
      break;
    case 'day_zero':
      out = nik.slice(0, 6) + (sex === 2 ? '40' : '00') + nik.slice(8);
      break;
    case 'day_out_of_range':
      out =
        nik.slice(0, 6) +
        (sex === 2 ? rng.pick(['75', '72', '79']) : rng.pick(['35', '32', '38'])) +
        nik.slice(8);
      break;
    case 'month_invalid':
      out = nik.slice(0, 8) + rng.pick(['13', '00', '14']) + nik.slice(10);
      break;
    case 'serial_zero':
      out = `${nik.slice(0, 12)}0000`;
      break;
    case 'length_15': {
      const p = rng.int(6, 15);
      out = nik.slice(0, p) + nik.slice(p + 1);
      break;
    }
    case 'length_17': {
      const p = rng.int(6, 15);
      out = nik.slice(0, p + 1) + nik.slice(p);
      break;
    }
    case 'excel_damaged':
      out = excelDamage(nik);
      break;
    case 'non_digit': {
      const zeros = [...nik].map((ch, i) => (ch === '0' && i > 0 ? i : -1)).filter((i) => i >= 0);
      const p = rng.pick(zeros);
      out = `${nik.slice(0, p)}O${nik.slice(p + 1)}`;
      break;
    }
  }
  return { nik: out, kind: effective, detail: `${effective}: ${nik} → ${out}` };
}

export type InvalidKkKind = 'unknown_province' | 'length_15' | 'length_17' | 'excel_damaged' | 'non_digit';

/** An invalid version of a valid No KK, with a description. */
export function invalidKk(rng: Rng, kk: string): { kk: string; kind: InvalidKkKind; detail: string } {
  const chosen = rng.weighted<InvalidKkKind>(
    ['unknown_province', 'length_15', 'length_17', 'excel_damaged', 'non_digit'],
    [0.15, 0.25, 0.1, 0.35, 0.15],
  );
  const effective: InvalidKkKind =
    (chosen === 'excel_damaged' && !excelDamageDetectable(kk)) ||
    (chosen === 'non_digit' && !kk.slice(1).includes('0'))
      ? 'length_15'
      : chosen;
  let out: string;
  switch (effective) {
    case 'unknown_province':
      out = rng.pick(NOT_PROVINCES) + kk.slice(2);
      break;
    case 'length_15': {
      const p = rng.int(6, 15);
      out = kk.slice(0, p) + kk.slice(p + 1);
      break;
    }
    case 'length_17': {
      const p = rng.int(6, 15);
      out = kk.slice(0, p + 1) + kk.slice(p);
      break;
    }
    case 'excel_damaged':
      out = excelDamage(kk);
      break;
    case 'non_digit': {
      const zeros = [...kk].map((ch, i) => (ch === '0' && i > 0 ? i : -1)).filter((i) => i >= 0);
      const p = rng.pick(zeros);
      out = `${kk.slice(0, p)}O${kk.slice(p + 1)}`;
      break;
    }
  }
  return { kk: out, kind: effective, detail: `${effective}: ${kk} → ${out}` };
}
