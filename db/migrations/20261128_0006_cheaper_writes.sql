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

-- The family fields of a staged row (its first accepted row of each KK) in typed columns, as the person
-- fields already are: the commit and the diff read them without parsing JSON, which was most of the cost
-- of gathering the families in PGlite (2.4 of 2.9 s for 27,000 families).
ALTER TABLE import_row
  ADD COLUMN h_present boolean NOT NULL DEFAULT false,
  ADD COLUMN h_address text,
  ADD COLUMN h_rt text,
  ADD COLUMN h_rw text,
  ADD COLUMN h_village_code text,
  ADD COLUMN h_district_code text,
  ADD COLUMN h_desil smallint,
  ADD COLUMN h_dtsen_id text,
  ADD COLUMN h_head_name text,
  ADD COLUMN h_variables json;
