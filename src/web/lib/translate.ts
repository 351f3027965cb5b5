/** Translation of codes that come from the server (audit actions, target types, units), falling back to the raw code. */
import type { TFunction } from 'i18next';
import i18n from '../i18n/index.ts';
import { codeKey } from './changes.ts';

type Prefix = 'audit.actions' | 'audit.targets' | 'units';

/** The translated label of a server code under a prefix, or the code itself when no translation exists. */
export function translateCode(t: TFunction, prefix: Prefix, code: string): string {
  const key = `${prefix}.${codeKey(code)}`;
  if (!i18n.exists(key)) return code;
  return (t as unknown as (key: string) => string)(key);
}
