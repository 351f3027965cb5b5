import { useState, type FormEvent } from 'react';
import {
  Alert,
  Anchor,
  Box,
  Button,
  Center,
  Group,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { useAuth } from './AuthProvider.tsx';
import { LanguageSwitch } from '../components/LanguageSwitch.tsx';
import { errorMessage } from '../components/ErrorAlert.tsx';
import { PageLoader } from '../components/PageLoader.tsx';
import { landingPath } from '../lib/navigation.ts';

/** The login form: username and password; the server's error message is shown as is. */
export function LoginPage() {
  const { t } = useTranslation();
  const { me, loading, login, sessionExpired } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = params.get('next');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [missing, setMissing] = useState<{ username?: boolean; password?: boolean }>({});
  const [submitting, setSubmitting] = useState(false);

  if (loading) return <PageLoader minHeight="100vh" />;
  if (me && !submitting) return <Navigate to={landingPath(me.permissions, next)} replace />;

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const empty = { username: !username.trim(), password: !password };
    setMissing(empty);
    if (empty.username || empty.password) return;
    setSubmitting(true);
    setError(null);
    try {
      const user = await login(username.trim(), password);
      navigate(landingPath(user.permissions, next), { replace: true });
    } catch (e) {
      setError(errorMessage(e, t));
      setSubmitting(false);
    }
  };

  return (
    <Center mih="100vh" p="md" bg="var(--mantine-color-gray-0)">
      <Box w="100%" maw={400}>
        <Group justify="space-between" mb="md">
          <div>
            <Title order={1} c="teal.8">
              Tepat
            </Title>
            <Text size="sm" c="dimmed">
              {t('app.tagline')}
            </Text>
          </div>
          <LanguageSwitch />
        </Group>
        <Paper withBorder shadow="sm" p="lg" radius="md">
          <form onSubmit={(e) => void onSubmit(e)} noValidate>
            <Stack>
              <Title order={2} size="h3">
                {t('auth.title')}
              </Title>
              {sessionExpired && !error && (
                <Alert color="yellow" icon={<IconInfoCircle />} role="status">
                  {t('auth.sessionExpired')}
                </Alert>
              )}
              {error && (
                <Alert color="red" role="alert" data-testid="login-error">
                  {error}
                </Alert>
              )}
              <TextInput
                label={t('auth.username')}
                name="username"
                autoComplete="username"
                autoCapitalize="none"
                autoFocus
                required
                value={username}
                onChange={(e) => setUsername(e.currentTarget.value)}
                error={missing.username ? t('validation.required') : undefined}
              />
              <PasswordInput
                label={t('auth.password')}
                name="password"
                autoComplete="current-password"
                required
                value={password}
                onChange={(e) => setPassword(e.currentTarget.value)}
                error={missing.password ? t('validation.required') : undefined}
              />
              <Button type="submit" loading={submitting} fullWidth>
                {t('auth.submit')}
              </Button>
            </Stack>
          </form>
        </Paper>
        <Text size="xs" c="dimmed" ta="center" mt="md">
          {t('app.footer')}{' '}
          <Anchor href="/api/docs" size="xs">
            {t('app.apiDocs')}
          </Anchor>
        </Text>
      </Box>
    </Center>
  );
}
