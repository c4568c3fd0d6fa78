-- cardea:transaction none
--
-- The expand migration the migration benchmark applies under load: a new column, a batched
-- backfill of it, and an index built without blocking writes. The table itself is created and
-- filled by the benchmark, sized by --rows.

ALTER TABLE bench_accounts ADD COLUMN tier text;

-- cardea:backfill table=bench_accounts key=id batch=1000 pause=10ms
UPDATE bench_accounts
   SET tier = CASE WHEN balance >= 90000 THEN 'gold' WHEN balance >= 50000 THEN 'silver' ELSE 'basic' END
 WHERE id BETWEEN :from AND :to AND tier IS NULL;

CREATE INDEX CONCURRENTLY bench_accounts_tier_idx ON bench_accounts (tier);
