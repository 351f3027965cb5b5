import { Group, Pagination, Select, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../lib/format.ts';
import { useLang } from '../lib/hooks.ts';

interface PagerProps {
  total: number;
  page: number;
  pageSize: number;
  pageSizes: readonly number[];
  onPageChange: (page: number) => void;
  onPageSizeChange: (pageSize: number) => void;
  /** i18n text for the total, e.g. "16.384 keluarga". */
  totalText: string;
}

/** The total count, a page-size selector and page navigation under a server-paginated table. */
export function Pager({
  total,
  page,
  pageSize,
  pageSizes,
  onPageChange,
  onPageSizeChange,
  totalText,
}: PagerProps) {
  const { t } = useTranslation();
  const lang = useLang();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const from = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const to = Math.min(total, page * pageSize);

  return (
    <Group justify="space-between" gap="sm" wrap="wrap">
      <Group gap="sm" wrap="wrap">
        <Text size="sm" fw={600} data-testid="result-total" data-total={total}>
          {totalText}
        </Text>
        {total > 0 && (
          <Text size="sm" c="dimmed">
            {t('pager.range', { from: formatNumber(from, lang), to: formatNumber(to, lang) })}
          </Text>
        )}
      </Group>
      <Group gap="sm" wrap="wrap">
        <Select
          label={t('pager.pageSize')}
          size="xs"
          w={150}
          allowDeselect={false}
          data={pageSizes.map((size) => ({ value: String(size), label: String(size) }))}
          value={String(pageSize)}
          onChange={(value) => value && onPageSizeChange(Number(value))}
        />
        <Pagination
          total={pages}
          value={Math.min(page, pages)}
          onChange={onPageChange}
          size="sm"
          siblings={1}
          boundaries={1}
          mt="lg"
          getControlProps={(control) => ({ 'aria-label': t(`pager.${control}`) })}
          getItemProps={(p) => ({ 'aria-label': t('pager.page', { page: p }) })}
        />
      </Group>
    </Group>
  );
}
