/** Labels of codes the import API returns (reason codes, job phases, commit counters), falling back to the code. */
import type { TFunction } from 'i18next';
import i18n from '../../i18n/index.ts';
import type { Label } from '../../../shared/dictionary/dictionary.ts';
import type { Language } from '../../api/types.ts';

type Prefix = 'imports.reasons' | 'imports.committed.counts';

/** The translated label of a server code under a prefix, or the code itself when none exists. */
export function importCodeLabel(t: TFunction, prefix: Prefix, code: string): string {
  const key = `${prefix}.${code}`;
  if (!/^[a-zA-Z0-9_]+$/.test(code) || !i18n.exists(key)) return code;
  return (t as unknown as (key: string) => string)(key);
}

/** A bilingual server message in the interface language. */
export function pick(label: Label | null | undefined, lang: Language): string {
  if (!label) return '';
  return lang === 'en' ? label.en || label.id : label.id || label.en;
}
