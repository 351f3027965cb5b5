import { Badge, type BadgeProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { RankingConflictCode } from '../../api/types.ts';
import { conflictColor } from './rankingFormat.ts';

/** A short coloured badge naming a conflict type (desil gap, ASN/TNI/Polri member, car, non-subsidised power). */
export function ConflictBadge({
  code,
  message,
  ...props
}: { code: RankingConflictCode; message?: string } & Omit<BadgeProps, 'children'>) {
  const { t } = useTranslation();
  return (
    <Badge
      color={conflictColor(code)}
      variant="light"
      tt="none"
      miw="max-content"
      data-conflict-code={code}
      title={message}
      {...props}
    >
      {t(`ranking.conflictTypes.${code}`)}
    </Badge>
  );
}
