/** Validation of the "add RT" form (pure; messages are i18n keys). */

export interface RtUnitFormValues {
  villageCode: string | null;
  rw: string;
  rt: string;
}

export type RtUnitFormErrors = Partial<
  Record<keyof RtUnitFormValues, 'validation.required' | 'validation.rtNumber'>
>;

const NUMBER = /^[0-9]{1,3}$/;

/** Errors of the add-RT form; RW and RT are 1 to 3 digits and not all zeros. */
export function validateRtUnit(values: RtUnitFormValues): RtUnitFormErrors {
  const errors: RtUnitFormErrors = {};
  if (!values.villageCode) errors.villageCode = 'validation.required';
  for (const key of ['rw', 'rt'] as const) {
    const value = values[key].trim();
    if (!value) errors[key] = 'validation.required';
    else if (!NUMBER.test(value) || Number(value) === 0) errors[key] = 'validation.rtNumber';
  }
  return errors;
}

/** Sorts RT units by kelurahan name, then RW and RT numerically. */
export function compareRtUnits(
  a: { villageName: string; rw: string; rt: string },
  b: { villageName: string; rw: string; rt: string },
): number {
  return (
    a.villageName.localeCompare(b.villageName, 'id') ||
    Number(a.rw) - Number(b.rw) ||
    Number(a.rt) - Number(b.rt) ||
    a.rw.localeCompare(b.rw) ||
    a.rt.localeCompare(b.rt)
  );
}
