import { useState, type FormEvent } from 'react';
import { Alert, Button, Group, Modal, PasswordInput, Select, Stack, Switch, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { createUser, resetUserPassword, updateUser } from '../../api/client.ts';
import { ROLES, SCOPE_LEVELS, type AdminUser, type Role, type ScopeLevel } from '../../api/types.ts';
import { errorMessage } from '../../components/ErrorAlert.tsx';
import { ScopeCodesInput } from './ScopeCodesInput.tsx';
import {
  EMPTY_USER_FORM,
  MIN_PASSWORD_LENGTH,
  toNewUser,
  toUserPatch,
  validatePassword,
  validateUserForm,
  type UserFormErrors,
  type UserFormValues,
} from './userForm.ts';

export const USERS_KEY = ['admin', 'users'] as const;

interface UserFormModalProps {
  /** The user to edit, or null to create one. */
  user: AdminUser | null;
  onClose: () => void;
}

function initialValues(user: AdminUser | null): UserFormValues {
  if (!user) return EMPTY_USER_FORM;
  return {
    ...EMPTY_USER_FORM,
    username: user.username,
    fullName: user.fullName,
    role: user.role,
    scopeLevel: user.scopeLevel,
    scopeCodes: user.scopeCodes,
    active: user.active,
  };
}

/** Create or edit a user (role, scope, active); mount it only while open so it starts from fresh values. */
export function UserFormModal({ user, onClose }: UserFormModalProps) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const mode = user ? 'edit' : 'create';
  const [values, setValues] = useState<UserFormValues>(() => initialValues(user));
  const [errors, setErrors] = useState<UserFormErrors>({});
  const set = <K extends keyof UserFormValues>(key: K, value: UserFormValues[K]) =>
    setValues((v) => ({ ...v, [key]: value }));

  const mutation = useMutation({
    mutationFn: () => (user ? updateUser(user.id, toUserPatch(values)) : createUser(toNewUser(values))),
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: USERS_KEY });
      notifications.show({
        color: 'teal',
        message: user
          ? t('users.updated', { name: saved.fullName })
          : t('users.created', { name: saved.fullName }),
      });
      onClose();
    },
  });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const found = validateUserForm(values, mode);
    setErrors(found);
    if (Object.keys(found).length === 0) mutation.mutate();
  };
  const err = (key: keyof UserFormValues) => {
    const found = errors[key];
    return found ? t(found, { min: MIN_PASSWORD_LENGTH }) : undefined;
  };

  return (
    <Modal
      opened
      onClose={onClose}
      title={user ? t('users.editTitle', { name: user.username }) : t('users.createTitle')}
    >
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="sm">
          {mutation.isError && (
            <Alert color="red" role="alert">
              {errorMessage(mutation.error, t)}
            </Alert>
          )}
          <TextInput
            label={t('users.username')}
            value={values.username}
            onChange={(e) => set('username', e.currentTarget.value)}
            disabled={mode === 'edit'}
            required={mode === 'create'}
            autoComplete="off"
            description={mode === 'create' ? t('users.usernameHint') : undefined}
            error={err('username')}
          />
          <TextInput
            label={t('users.fullName')}
            value={values.fullName}
            onChange={(e) => set('fullName', e.currentTarget.value)}
            required
            error={err('fullName')}
          />
          <Select
            label={t('users.role')}
            data={ROLES.map((role) => ({ value: role, label: t(`roles.${role}`) }))}
            value={values.role}
            onChange={(value) => set('role', ROLES.find((r) => r === value) ?? (null as Role | null))}
            required
            allowDeselect={false}
            error={err('role')}
          />
          <Select
            label={t('users.scopeLevel')}
            data={SCOPE_LEVELS.map((level) => ({ value: level, label: t(`scopeLevels.${level}`) }))}
            value={values.scopeLevel}
            onChange={(value) => {
              const level = SCOPE_LEVELS.find((l) => l === value) ?? (null as ScopeLevel | null);
              setValues((v) => ({
                ...v,
                scopeLevel: level,
                scopeCodes: level === v.scopeLevel ? v.scopeCodes : [],
              }));
            }}
            required
            allowDeselect={false}
            error={err('scopeLevel')}
          />
          <ScopeCodesInput
            key={values.scopeLevel ?? 'none'}
            level={values.scopeLevel}
            value={values.scopeCodes}
            onChange={(codes) => set('scopeCodes', codes)}
            error={err('scopeCodes')}
          />
          {mode === 'create' ? (
            <>
              <PasswordInput
                label={t('users.password')}
                description={t('users.passwordHint', { min: MIN_PASSWORD_LENGTH })}
                value={values.password}
                onChange={(e) => set('password', e.currentTarget.value)}
                autoComplete="new-password"
                required
                error={err('password')}
              />
              <PasswordInput
                label={t('users.passwordConfirm')}
                value={values.passwordConfirm}
                onChange={(e) => set('passwordConfirm', e.currentTarget.value)}
                autoComplete="new-password"
                required
                error={err('passwordConfirm')}
              />
            </>
          ) : (
            <Switch
              label={t('users.active')}
              checked={values.active}
              onChange={(e) => set('active', e.currentTarget.checked)}
            />
          )}
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={mutation.isPending}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Sets a new password for a user, with confirmation. */
export function PasswordModal({ user, onClose }: { user: AdminUser; onClose: () => void }) {
  const { t } = useTranslation();
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<UserFormErrors>({});
  const mutation = useMutation({
    mutationFn: () => resetUserPassword(user.id, password),
    onSuccess: () => {
      notifications.show({ color: 'teal', message: t('users.passwordReset', { name: user.fullName }) });
      onClose();
    },
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const found = validatePassword(password, confirm);
    setErrors(found);
    if (Object.keys(found).length === 0) mutation.mutate();
  };
  return (
    <Modal opened onClose={onClose} title={t('users.passwordTitle', { name: user.username })}>
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="sm">
          {mutation.isError && (
            <Alert color="red" role="alert">
              {errorMessage(mutation.error, t)}
            </Alert>
          )}
          <PasswordInput
            label={t('users.newPassword')}
            description={t('users.passwordHint', { min: MIN_PASSWORD_LENGTH })}
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            autoComplete="new-password"
            required
            error={errors.password ? t(errors.password, { min: MIN_PASSWORD_LENGTH }) : undefined}
          />
          <PasswordInput
            label={t('users.passwordConfirm')}
            value={confirm}
            onChange={(e) => setConfirm(e.currentTarget.value)}
            autoComplete="new-password"
            required
            error={errors.passwordConfirm ? t(errors.passwordConfirm) : undefined}
          />
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={mutation.isPending}>
              {t('users.setPassword')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
