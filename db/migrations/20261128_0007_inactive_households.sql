-- The few inactive households (merged, moved, deceased families) found without reading the whole table:
-- after every full rescoring, the scores and criteria results of households no longer active are
-- removed, and finding them was a scan of every household row (2.5 of 60 s for a million households,
-- docs/benchmarks.md, Ranking). Only inactive rows are in the index.
CREATE INDEX household_inactive_idx ON household (id) WHERE status <> 1;
