import type { LinkagePairStatus } from '../../api/types.ts';
import { FamilyComparison } from './FamilyComparison.tsx';
import { FamilyMergeModal } from './FamilyMergeModal.tsx';
import { PairQueue } from './PairQueue.tsx';
import { decideHouseholdPair, listHouseholdPairs } from './familyApi.ts';

interface FamilyQueueProps {
  /** Which pairs the queue walks: review, skipped, or accepted ones waiting for a merge. */
  statuses: readonly LinkagePairStatus[];
  mode: 'review' | 'merge';
  villageCode: string | null;
}

// A family merge merges persons too: both queues and both merge lists are refreshed.
const REFRESH_KEYS = ['household-pairs', 'household-merges', 'linkage-pairs', 'linkage-merges'] as const;

/**
 * One candidate pair of family cards at a time, decided with buttons or the keyboard (A accept,
 * R reject, S skip, M merge, J/K next/previous), as the person queue. Accepting opens the merge dialog.
 */
export function FamilyQueue({ statuses, mode, villageCode }: FamilyQueueProps) {
  return (
    <PairQueue
      statuses={statuses}
      mode={mode}
      villageCode={villageCode}
      queryKey="household-pairs"
      list={listHouseholdPairs}
      decide={decideHouseholdPair}
      refreshKeys={REFRESH_KEYS}
      texts="linkage.family.queue"
      testId="family-queue"
      pairTestId="family-pair"
      renderPair={(pair) => <FamilyComparison pair={pair} />}
      renderMerge={(pair, onDone) => <FamilyMergeModal pair={pair} onClose={onDone} onMerged={onDone} />}
    />
  );
}
