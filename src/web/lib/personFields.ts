/**
 * A person's coded fields other than sex, in the order the app shows them; each is a list of codes in
 * the data dictionary (`personCodes`).
 */
export const PERSON_CODE_FIELDS = [
  'relationship',
  'marital',
  'schooling',
  'education',
  'work',
  'disability',
  'chronicIllness',
  'healthInsurance',
] as const;
export type PersonCodeField = (typeof PERSON_CODE_FIELDS)[number];
