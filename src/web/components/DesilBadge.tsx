import { Badge, type BadgeProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useLang } from '../lib/hooks.ts';
import { desilColor, desilLabel } from '../lib/labels.ts';

/** The official desil as a coloured badge with its local label, e.g. "D1 · Miskin ekstrem". */
export function DesilBadge({ desil, ...props }: { desil: number | null } & Omit<BadgeProps, 'children'>) {
  const { t } = useTranslation();
  const lang = useLang();
  if (desil === null) {
    return (
      <Badge color="gray" variant="outline" tt="none" miw="max-content" {...props}>
        {t('desil.none')}
      </Badge>
    );
  }
  const label = desilLabel(desil, lang);
  return (
    <Badge
      color={desilColor(desil)}
      variant={desil <= 4 ? 'filled' : 'light'}
      tt="none"
      miw="max-content"
      {...props}
    >
      {label ? t('desil.withLabel', { desil, label }) : t('desil.short', { desil })}
    </Badge>
  );
}
