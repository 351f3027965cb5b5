/** Human labels for the fields and coded values in a change list (pure; the caller passes `t`). */
import type { TFunction } from 'i18next';
import type { Dictionary, Language } from '../api/types.ts';
import type { FieldChange } from './changes.ts';
import { labelOf } from './labels.ts';
import { PERSON_CODE_FIELDS } from './personFields.ts';

type FieldKey =
  | 'household.kkNumber'
  | 'household.head'
  | 'household.address'
  | 'registry.rw'
  | 'registry.rt'
  | 'household.village'
  | 'household.district'
  | 'household.desil'
  | 'household.status'
  | 'household.dtsenId'
  | 'person.nik'
  | 'person.name'
  | 'person.birthDate';

const FIELD_KEYS: Record<string, FieldKey> = {
  kkNumber: 'household.kkNumber',
  headName: 'household.head',
  address: 'household.address',
  rw: 'registry.rw',
  rt: 'registry.rt',
  villageCode: 'household.village',
  districtCode: 'household.district',
  officialDesil: 'household.desil',
  status: 'household.status',
  dtsenId: 'household.dtsenId',
  nik: 'person.nik',
  name: 'person.name',
  birthDate: 'person.birthDate',
};

const PERSON_FIELDS = new Set<string>(['sex', ...PERSON_CODE_FIELDS]);

/** The change with its field named in the user's language and coded values replaced by their labels. */
export function labelChange(
  change: FieldChange,
  dictionary: Dictionary | undefined,
  lang: Language,
  t: TFunction,
): FieldChange {
  const variable = /^variables\.(.+)$/.exec(change.field)?.[1];
  if (variable) {
    const def = dictionary?.householdVariables.find((v) => v.key === variable);
    if (!def) return change;
    const value = (text: string) => {
      if (def.kind === 'boolean')
        return text === 'true' ? t('common.yes') : text === 'false' ? t('common.no') : text;
      const code = def.codes?.find((c) => String(c.code) === text);
      return code ? labelOf(code.label, lang) : text;
    };
    return { field: labelOf(def.label, lang), before: value(change.before), after: value(change.after) };
  }
  if (PERSON_FIELDS.has(change.field)) {
    const codes = dictionary?.personCodes[change.field] ?? [];
    const value = (text: string) => {
      const code = codes.find((c) => String(c.code) === text);
      return code ? labelOf(code.label, lang) : text;
    };
    const key = `person.${change.field}` as `person.${'sex' | 'relationship'}`;
    return { field: t(key), before: value(change.before), after: value(change.after) };
  }
  const key = FIELD_KEYS[change.field];
  return key ? { ...change, field: t(key) } : change;
}
