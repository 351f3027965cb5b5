import { useState } from 'react';
import { Button } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconLanguage } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../auth/AuthProvider.tsx';
import { useLang } from '../lib/hooks.ts';
import { errorMessage } from './ErrorAlert.tsx';

/** One button that switches between Bahasa Indonesia and English; its text names the language it switches to. */
export function LanguageSwitch() {
  const { t } = useTranslation();
  const lang = useLang();
  const { changeLanguage } = useAuth();
  const [busy, setBusy] = useState(false);
  const target = lang === 'id' ? 'en' : 'id';

  const onClick = async () => {
    setBusy(true);
    try {
      await changeLanguage(target);
    } catch (error) {
      notifications.show({ color: 'red', title: t('language.saveFailed'), message: errorMessage(error, t) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Button
      data-testid="language-switch"
      variant="default"
      size="xs"
      leftSection={<IconLanguage size={16} aria-hidden />}
      onClick={() => void onClick()}
      loading={busy}
      lang={target}
      title={t('language.switchTitle')}
    >
      {target === 'en' ? 'English' : 'Indonesia'}
    </Button>
  );
}
