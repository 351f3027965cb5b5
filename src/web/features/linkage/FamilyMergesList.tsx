import { Anchor, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import {
  listHouseholdMerges,
  undoHouseholdMerge,
  type HouseholdMerge,
  type HouseholdRef,
} from './familyApi.ts';
import { householdPath } from '../registry/paths.ts';
import { MergeHistory } from './MergeHistory.tsx';

// A family merge merges persons too: the person lists are refreshed after its undo as well.
const REFRESH_KEYS = [
  'household-merges',
  'household-pairs',
  'linkage-merges',
  'linkage-pairs',
  'linkage-conflicts',
] as const;

function HouseholdCell({ household }: { household: HouseholdRef }) {
  return (
    <Stack gap={0}>
      <Anchor component={Link} to={householdPath(household.id)} size="sm" ff="monospace">
        {household.kkNumber ?? `#${household.id}`}
      </Anchor>
      <Text size="xs">{household.headName ?? '—'}</Text>
      <Text size="xs" c="dimmed">
        {household.villageName}
      </Text>
    </Stack>
  );
}

/** Family merges, newest first, each with the two cards, who merged them and why, and an undo button. */
export function FamilyMergesList() {
  const { t } = useTranslation();
  return (
    <MergeHistory<HouseholdRef, HouseholdMerge>
      queryKey="household-merges"
      list={listHouseholdMerges}
      undo={undoHouseholdMerge}
      refreshKeys={REFRESH_KEYS}
      texts="linkage.family.merges"
      testIdPrefix="family-"
      renderRecord={(household) => <HouseholdCell household={household} />}
      renderDetail={(m) => (
        <Text size="xs" c="dimmed">
          {t('linkage.family.merges.summary', {
            merged: m.personMergeIds.length,
            moved: m.movedPersonIds.length,
          })}
        </Text>
      )}
      undoText={() => t('linkage.family.merges.undoText')}
      undoneMessage={(m) => t('linkage.family.merges.undone', { id: m.merged.id })}
    />
  );
}
