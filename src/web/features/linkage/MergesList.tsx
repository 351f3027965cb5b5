import { Anchor, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { listPersonMerges, undoPersonMerge } from '../../api/client.ts';
import type { LinkagePersonRef, PersonMerge } from '../../api/types.ts';
import { householdPath } from '../registry/paths.ts';
import { MergeHistory } from './MergeHistory.tsx';

const REFRESH_KEYS = ['linkage-merges', 'linkage-pairs', 'linkage-conflicts'] as const;

function PersonCell({ person }: { person: LinkagePersonRef }) {
  return (
    <Stack gap={0}>
      <Text size="sm" fw={500}>
        {person.name}
      </Text>
      <Anchor component={Link} to={householdPath(person.householdId)} size="xs" ff="monospace">
        {person.kkNumber ?? `#${person.householdId}`}
      </Anchor>
      <Text size="xs" c="dimmed">
        {person.villageName}
      </Text>
    </Stack>
  );
}

/** Merges, newest first, each with the two records, who merged them and why, and an undo button. */
export function MergesList() {
  const { t } = useTranslation();
  return (
    <MergeHistory<LinkagePersonRef, PersonMerge>
      queryKey="linkage-merges"
      list={listPersonMerges}
      undo={undoPersonMerge}
      refreshKeys={REFRESH_KEYS}
      texts="linkage.merges"
      testIdPrefix=""
      renderRecord={(person) => <PersonCell person={person} />}
      undoText={(m) => t('linkage.merges.undoText', { kept: m.survivor.name, merged: m.merged.name })}
      undoneMessage={(m) => t('linkage.merges.undone', { name: m.merged.name })}
    />
  );
}
