import { decideLinkagePair, listLinkagePairs } from '../../api/client.ts';
import type { LinkagePairStatus } from '../../api/types.ts';
import { MergeModal } from './MergeModal.tsx';
import { PairComparison } from './PairComparison.tsx';
import { PairQueue } from './PairQueue.tsx';

interface ReviewQueueProps {
  /** Which pairs the queue walks: review, skipped, or accepted ones waiting for a merge. */
  statuses: readonly LinkagePairStatus[];
  mode: 'review' | 'merge';
  villageCode: string | null;
}

const REFRESH_KEYS = ['linkage-pairs', 'linkage-merges'] as const;

/**
 * One candidate pair of persons at a time, decided with buttons or the keyboard (A accept, R reject,
 * S skip, M merge, J/K next/previous). Accepting opens the merge dialog.
 */
export function ReviewQueue({ statuses, mode, villageCode }: ReviewQueueProps) {
  return (
    <PairQueue
      statuses={statuses}
      mode={mode}
      villageCode={villageCode}
      queryKey="linkage-pairs"
      list={listLinkagePairs}
      decide={decideLinkagePair}
      refreshKeys={REFRESH_KEYS}
      texts="linkage.queue"
      testId="review-queue"
      pairTestId="review-pair"
      renderPair={(pair) => <PairComparison pair={pair} />}
      renderMerge={(pair, onDone) => <MergeModal pair={pair} onClose={onDone} onMerged={onDone} />}
    />
  );
}
