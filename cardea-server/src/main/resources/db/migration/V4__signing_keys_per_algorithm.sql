-- cardea:transaction none
-- The ring keeps keys per algorithm (RS256 for ID tokens, ES256 or RS256 for access tokens), each
-- with its own active key: at most one active key per algorithm instead of one in all.
-- The new index is built before the old one goes, so the ring is never without the guard; both are
-- tiny, and CONCURRENTLY keeps even the short lock away from instances that read the keys.
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS signing_keys_one_active_per_algorithm
    ON signing_keys (algorithm) WHERE state = 'active';
DROP INDEX CONCURRENTLY IF EXISTS signing_keys_one_active;
