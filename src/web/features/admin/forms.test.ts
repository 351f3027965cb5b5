import { describe, expect, it } from 'vitest';
import { compareRtUnits, validateRtUnit } from './rtUnitForm.ts';
import {
  EMPTY_USER_FORM,
  parseRtScope,
  toNewUser,
  toUserPatch,
  validatePassword,
  validateUserForm,
  type UserFormValues,
} from './userForm.ts';

const valid: UserFormValues = {
  ...EMPTY_USER_FORM,
  username: 'ani.lurah',
  fullName: 'Ani Lestari',
  role: 'lurah',
  scopeLevel: 'village',
  scopeCodes: ['64.74.01.1003'],
  password: 'rahasia123',
  passwordConfirm: 'rahasia123',
};

describe('user form', () => {
  it('accepts a complete new user', () => {
    expect(validateUserForm(valid, 'create')).toEqual({});
  });

  it('reports every missing or malformed field', () => {
    expect(validateUserForm(EMPTY_USER_FORM, 'create')).toEqual({
      username: 'validation.required',
      fullName: 'validation.required',
      role: 'validation.required',
      scopeLevel: 'validation.required',
      password: 'validation.required',
    });
    expect(validateUserForm({ ...valid, username: 'Ani Lestari' }, 'create').username).toBe(
      'validation.username',
    );
    expect(validateUserForm({ ...valid, scopeCodes: [] }, 'create').scopeCodes).toBe('validation.scopeCodes');
    expect(
      validateUserForm({ ...valid, scopeLevel: 'rt', scopeCodes: ['64.74.01.1003'] }, 'create').scopeCodes,
    ).toBe('validation.rtScopeFormat');
  });

  it('does not ask for a username or password when editing', () => {
    expect(validateUserForm({ ...valid, username: '', password: '' }, 'edit')).toEqual({});
  });

  it('checks password length and confirmation', () => {
    expect(validatePassword('short', 'short').password).toBe('validation.passwordLength');
    expect(validatePassword('long-enough', 'other')).toEqual({ passwordConfirm: 'validation.passwordMatch' });
  });

  it('sends no scope codes for a city-wide user and trims names', () => {
    const city = toNewUser({ ...valid, fullName: '  Ani  ', scopeLevel: 'city' });
    expect(city.scopeCodes).toEqual([]);
    expect(city.fullName).toBe('Ani');
    expect(toUserPatch({ ...valid, active: false })).toEqual({
      fullName: 'Ani Lestari',
      role: 'lurah',
      scopeLevel: 'village',
      scopeCodes: ['64.74.01.1003'],
      active: false,
    });
  });

  it('parses RT scope codes', () => {
    expect(parseRtScope('64.74.01.1003/003/012')).toEqual({
      villageCode: '64.74.01.1003',
      rw: '003',
      rt: '012',
    });
    expect(parseRtScope('64.74.01.1003')).toBeNull();
  });
});

describe('RT form', () => {
  it('requires a kelurahan and 1–3 digit RW and RT', () => {
    expect(validateRtUnit({ villageCode: '64.74.01.1003', rw: '3', rt: '012' })).toEqual({});
    expect(validateRtUnit({ villageCode: null, rw: '', rt: '0' })).toEqual({
      villageCode: 'validation.required',
      rw: 'validation.required',
      rt: 'validation.rtNumber',
    });
  });

  it('sorts RT units by kelurahan then numerically', () => {
    const units = [
      { villageName: 'Lok Tuan', rw: '10', rt: '1' },
      { villageName: 'Lok Tuan', rw: '2', rt: '3' },
      { villageName: 'Guntung', rw: '5', rt: '1' },
    ].sort(compareRtUnits);
    expect(units.map((u) => `${u.villageName} ${u.rw}/${u.rt}`)).toEqual([
      'Guntung 5/1',
      'Lok Tuan 2/3',
      'Lok Tuan 10/1',
    ]);
  });
});
