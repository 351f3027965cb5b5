/** Validation of the user administration forms (pure; messages are i18n keys). */
import {
  ROLES,
  SCOPE_LEVELS,
  type NewUser,
  type Role,
  type ScopeLevel,
  type UserPatch,
} from '../../api/types.ts';

export const MIN_PASSWORD_LENGTH = 8;
const USERNAME = /^[a-z0-9][a-z0-9._-]{2,39}$/;
const RT_SCOPE = /^[0-9.]+\/[0-9]{1,3}\/[0-9]{1,3}$/;

export type ValidationKey =
  | 'validation.required'
  | 'validation.username'
  | 'validation.passwordLength'
  | 'validation.passwordMatch'
  | 'validation.scopeCodes'
  | 'validation.rtScopeFormat';

export interface UserFormValues {
  username: string;
  fullName: string;
  role: Role | null;
  scopeLevel: ScopeLevel | null;
  scopeCodes: string[];
  active: boolean;
  password: string;
  passwordConfirm: string;
}

export type UserFormErrors = Partial<Record<keyof UserFormValues, ValidationKey>>;

export const EMPTY_USER_FORM: UserFormValues = {
  username: '',
  fullName: '',
  role: null,
  scopeLevel: null,
  scopeCodes: [],
  active: true,
  password: '',
  passwordConfirm: '',
};

/** Errors of a new password and its confirmation. */
export function validatePassword(password: string, confirm: string): UserFormErrors {
  const errors: UserFormErrors = {};
  if (!password) errors.password = 'validation.required';
  else if (password.length < MIN_PASSWORD_LENGTH) errors.password = 'validation.passwordLength';
  if (password && confirm !== password) errors.passwordConfirm = 'validation.passwordMatch';
  return errors;
}

/** Errors of the create (`create`) or edit (`edit`) user form; an empty object when valid. */
export function validateUserForm(values: UserFormValues, mode: 'create' | 'edit'): UserFormErrors {
  const errors: UserFormErrors = {};
  if (mode === 'create') {
    if (!values.username.trim()) errors.username = 'validation.required';
    else if (!USERNAME.test(values.username.trim())) errors.username = 'validation.username';
    Object.assign(errors, validatePassword(values.password, values.passwordConfirm));
  }
  if (!values.fullName.trim()) errors.fullName = 'validation.required';
  if (!values.role || !ROLES.includes(values.role)) errors.role = 'validation.required';
  if (!values.scopeLevel || !SCOPE_LEVELS.includes(values.scopeLevel))
    errors.scopeLevel = 'validation.required';
  else if (values.scopeLevel !== 'city' && values.scopeCodes.length === 0)
    errors.scopeCodes = 'validation.scopeCodes';
  else if (values.scopeLevel === 'rt' && values.scopeCodes.some((c) => !RT_SCOPE.test(c)))
    errors.scopeCodes = 'validation.rtScopeFormat';
  return errors;
}

/** The scope codes to send: none for a city-wide user, since the city is the whole deployment. */
export function scopeCodesFor(level: ScopeLevel, codes: readonly string[]): string[] {
  return level === 'city' ? [] : [...new Set(codes)];
}

/** The body of `POST /api/admin/users` from valid form values. */
export function toNewUser(values: UserFormValues): NewUser {
  const scopeLevel = values.scopeLevel ?? 'city';
  return {
    username: values.username.trim(),
    fullName: values.fullName.trim(),
    role: values.role ?? 'enumerator',
    scopeLevel,
    scopeCodes: scopeCodesFor(scopeLevel, values.scopeCodes),
    password: values.password,
  };
}

/** The body of `PATCH /api/admin/users/:id` from valid form values. */
export function toUserPatch(values: UserFormValues): UserPatch {
  const scopeLevel = values.scopeLevel ?? 'city';
  return {
    fullName: values.fullName.trim(),
    role: values.role ?? undefined,
    scopeLevel,
    scopeCodes: scopeCodesFor(scopeLevel, values.scopeCodes),
    active: values.active,
  };
}

/** Splits an RT scope code `village/rw/rt` into its parts, or null when it is not one. */
export function parseRtScope(code: string): { villageCode: string; rw: string; rt: string } | null {
  if (!RT_SCOPE.test(code)) return null;
  const [villageCode = '', rw = '', rt = ''] = code.split('/');
  return { villageCode, rw, rt };
}
