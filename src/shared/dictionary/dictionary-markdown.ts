import {
  DICTIONARY_CHANGELOG,
  DICTIONARY_VERSION,
  HOUSEHOLD_VARIABLES,
  PERSON_CODES,
  type Code,
} from './dictionary.ts';

const codes = (list: readonly Code[]) =>
  list.map((c) => `${c.code} ${c.label.id} / ${c.label.en}`).join('; ');

/** The data dictionary as Markdown (docs/data-dictionary.md is this output, kept in sync by a test). */
export function dictionaryMarkdown(): string {
  const lines: string[] = [
    '# Data dictionary / Kamus data',
    '',
    `Version ${DICTIONARY_VERSION}. Generated from \`src/shared/dictionary/dictionary.ts\` by`,
    '`npx tepat dictionary > docs/data-dictionary.md`; do not edit by hand.',
    '',
    'Household variables follow the public Regsosek 2022 / Susenas proxy list (the 39 DTSEN variables are',
    'not public). They are stored per household in `household.variables` (JSON) with the dictionary version.',
    '',
    '## Changelog',
    '',
    ...DICTIONARY_CHANGELOG.map((c) => `- ${c.version} (${c.date}): ${c.note}`),
    '',
    '## Household variables / Variabel keluarga',
    '',
    '| key | group | label (id) | label (en) | type | codes or range |',
    '|---|---|---|---|---|---|',
  ];
  for (const v of HOUSEHOLD_VARIABLES) {
    const detail =
      v.kind === 'code'
        ? codes(v.codes ?? [])
        : v.kind === 'number'
          ? `${v.min ?? ''}–${v.max ?? ''} ${v.unit ?? ''}`.trim()
          : 'ya/tidak (true/false)';
    lines.push(`| \`${v.key}\` | ${v.group} | ${v.label.id} | ${v.label.en} | ${v.kind} | ${detail} |`);
  }
  lines.push('', '## Person code lists / Kode individu', '', '| field | codes |', '|---|---|');
  for (const [field, list] of Object.entries(PERSON_CODES)) lines.push(`| \`${field}\` | ${codes(list)} |`);
  lines.push('');
  return lines.join('\n');
}
