/** Labels of codes, desil and permissions in the interface language (pure functions). */
import { DESIL_LABELS, type Label } from '../../shared/dictionary/dictionary.ts';
import type { Dictionary, Language } from '../api/types.ts';

/** The text of a bilingual label in a language. */
export function labelOf(label: Label | null | undefined, lang: Language): string {
  if (!label) return '';
  return label[lang] || label.id;
}

/** The label of a person code (`sex`, `relationship`, …) from the served dictionary, the raw code when unknown, '' for null. */
export function personCodeLabel(
  dictionary: Dictionary | undefined,
  list: string,
  code: number | null | undefined,
  lang: Language,
): string {
  if (code === null || code === undefined) return '';
  const item = dictionary?.personCodes[list]?.find((c) => c.code === code);
  return item ? labelOf(item.label, lang) : String(code);
}

/** The local label of an official desil (D1 miskin ekstrem, D2–3 miskin, D4 rentan miskin), '' above 4. */
export function desilLabel(desil: number | null | undefined, lang: Language): string {
  if (desil === null || desil === undefined) return '';
  return labelOf(DESIL_LABELS[desil], lang);
}

/** The Mantine colour of a desil badge: the poorer, the warmer. */
export function desilColor(desil: number | null | undefined): string {
  if (desil === null || desil === undefined) return 'gray';
  if (desil === 1) return 'red';
  if (desil <= 3) return 'orange';
  if (desil === 4) return 'yellow';
  return 'gray';
}
