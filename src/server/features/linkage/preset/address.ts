/**
 * Indonesian address normalisation: one spelling for street words (Jl./Jln./Jalan → JL, Gg./Gang → GG,
 * No./Nomor → NO, Komp./Kompleks → KOMP, Perum./Perumahan → PERUM, Blk/Blok → BLOK), and RT/RW in one
 * form ("RT.003/RW.01", "RT 3 RW 1" → "RT 3 RW 1").
 */

const WORDS: readonly [RegExp, string][] = [
  [/\b(JL|JLN|JALAN)\b/g, 'JL'],
  [/\b(GG|GANG)\b/g, 'GG'],
  [/\b(NO|NOMOR|NOMER|NMR)\b/g, 'NO'],
  [/\b(KOMP|KOMPL|KOMPLEK|KOMPLEKS)\b/g, 'KOMP'],
  [/\b(PERUM|PERUMAHAN)\b/g, 'PERUM'],
  [/\b(BLK|BLOK)\b/g, 'BLOK'],
  [/\b(KEL|KELURAHAN)\b/g, 'KEL'],
  [/\b(KEC|KECAMATAN)\b/g, 'KEC'],
  [/\b(DS|DESA)\b/g, 'DESA'],
  [/\b(DSN|DUSUN)\b/g, 'DUSUN'],
];

/** Normalises an address for comparison; null when nothing is left. */
export function normaliseAddress(raw: string): string | null {
  let s = raw
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase();
  // RT/RW first, while "/" still separates them: RT.003/RW.01, RT 03/04, RT03 RW04.
  s = s.replace(/\bRT\s*\.?\s*0*(\d+)\s*\/\s*(?:RW\s*\.?\s*)?0*(\d+)/g, ' RT $1 RW $2 ');
  s = s.replace(/\bRT\s*\.?\s*0*(\d+)/g, ' RT $1 ');
  s = s.replace(/\bRW\s*\.?\s*0*(\d+)/g, ' RW $1 ');
  s = s.replace(/\b(NO|NOMOR|NOMER|NMR)\s*\.?\s*(\d)/g, ' NO $2');
  s = s.replace(/[^A-Z0-9]+/g, ' ');
  for (const [pattern, replacement] of WORDS) s = s.replace(pattern, replacement);
  s = s.replace(/\b0+(\d)/g, '$1');
  s = s.replace(/\s+/g, ' ').trim();
  return s.length > 0 ? s : null;
}
