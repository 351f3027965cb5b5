-- Cheaper imports and rescoring (docs/benchmarks.md, Import and Ranking).
--
-- Staged rows lose their foreign key to import_batch: its check ran once per staged row, in PGlite about
-- a third of the cost of storing them. Batches are never deleted (a discarded batch keeps its row with
-- status 'discarded'), and their staged rows are deleted explicitly (deleteRows in
-- imports.repository.ts), so the cascade was never used.
ALTER TABLE import_row DROP CONSTRAINT IF EXISTS import_row_batch_id_fkey;

-- No statistics for household.variables: no query filters or joins on it, and sampling a jsonb column
-- was two thirds of the ANALYZE after every large import (0.65 of 1 s for 27,000 households).
ALTER TABLE household ALTER COLUMN variables SET STATISTICS 0;

-- Scores no longer store each feature's contribution: it is recomputed exactly from the stored inputs
-- (household_input, by input_hash), the model version and as_of, which the household page and the API
-- already did. Writing it was a third of the cost of rescoring (docs/benchmarks.md, Ranking).
ALTER TABLE household_score DROP COLUMN IF EXISTS contributions;
