/**
 * A simple Indonesian phonetic key for blocking and a "sounds alike" comparison level.
 *
 * Per token of the normalised name (see name.ts, which already modernised old spelling):
 * 1. digraphs: KH→H, SY→S, SH→S, DZ→Z, DH→D, TH→T, PH→F, GH→G;
 * 2. letters often swapped in writing: Q→K, X→KS, V→F, F→P (Arif/Arip, Novi/Nopi), Z→S (Rizki/Riski);
 *    Y→I when not before a vowel (Rizky/Rizki);
 * 3. H is dropped except at the start (Fatimah/Fatima, Rohman/Roman-style variants);
 * 4. doubled letters collapse (Muhammad/Muhamad, Zainuddin/Zainudin);
 * 5. the first letter is kept, a first vowel becomes A (Erwan/Irwan); other vowels are dropped.
 * So MUHAMMAD, MOHAMAD → MMD; FATIMAH, PATIMA → PTM; SYAIFUL, SAIPUL → SPL; RIZKY, REZKI → RSK.
 * Tokens keep their order and are joined with a space.
 */
import { normaliseIndonesianName } from './name.ts';

const VOWELS = new Set(['A', 'E', 'I', 'O', 'U']);

/** Phonetic key of one upper-case token. */
export function phoneticToken(token: string): string {
  let t = token.toUpperCase().replace(/[^A-Z]/g, '');
  if (t.length === 0) return '';
  t = t
    .replace(/KH/g, 'H')
    .replace(/SY/g, 'S')
    .replace(/SH/g, 'S')
    .replace(/DZ/g, 'Z')
    .replace(/DH/g, 'D')
    .replace(/TH/g, 'T')
    .replace(/PH/g, 'F')
    .replace(/GH/g, 'G')
    .replace(/Q/g, 'K')
    .replace(/X/g, 'KS')
    .replace(/V/g, 'F')
    .replace(/F/g, 'P')
    .replace(/Z/g, 'S')
    .replace(/Y(?![AEIOU])/g, 'I');
  t = (t[0] ?? '') + t.slice(1).replace(/H/g, '');
  t = t.replace(/(.)\1+/g, '$1');
  const first = t[0] ?? '';
  let key = VOWELS.has(first) ? 'A' : first;
  for (let i = 1; i < t.length; i++) {
    const ch = t[i] ?? '';
    if (!VOWELS.has(ch)) key += ch;
  }
  return key;
}

/** Phonetic key of a whole name (normalised first), tokens joined by a space; null when empty. */
export function indonesianPhoneticKey(rawName: string): string | null {
  const { name } = normaliseIndonesianName(rawName);
  const key = name
    .split(' ')
    .filter((t) => t.length > 0)
    .map(phoneticToken)
    .join(' ');
  return key.length > 0 ? key : null;
}

/** Phonetic key of the first token of the normalised name; null when empty. */
export function indonesianPhoneticFirstKey(rawName: string): string | null {
  const { name } = normaliseIndonesianName(rawName);
  const first = name.split(' ')[0] ?? '';
  return first.length > 0 ? phoneticToken(first) : null;
}
