-- cardea:transaction none
-- Access tokens issued by the client_credentials grant, one short row each, found by the SHA-256 of
-- the token: no token value at rest, no serialised attribute maps, one index lookup per
-- introspection or revocation. Spring's oauth2_authorization keeps every other authorization (and
-- the client_credentials tokens issued before this release). See docs/design/access-tokens.md.
-- And what the purge of expired authorizations and spent refresh tokens looks them up by.
-- Step by step: the indexes on existing tables are built concurrently, outside a transaction.
-- Everything here is new, and the previous release neither reads nor writes any of it.

CREATE TABLE IF NOT EXISTS oauth2_access_token (
    token_hash            bytea PRIMARY KEY,
    authorization_id      text NOT NULL,
    registered_client_id  text NOT NULL,
    principal_name        text NOT NULL,
    -- Space-separated, as in the token's scope claim.
    scopes                text NOT NULL,
    issued_at             timestamptz NOT NULL,
    expires_at            timestamptz NOT NULL,
    revoked_at            timestamptz
);

-- The purge deletes expired tokens in batches.
CREATE INDEX CONCURRENTLY IF NOT EXISTS oauth2_access_token_expires_at_idx ON oauth2_access_token (expires_at);

-- When a spent refresh token would have expired: after that, presenting it again gets nothing, and
-- its row can go. Nullable without a default: the previous release keeps inserting rows without it,
-- and those go with their authorization.
ALTER TABLE oauth2_spent_refresh_token ADD COLUMN IF NOT EXISTS expires_at timestamptz;

CREATE INDEX CONCURRENTLY IF NOT EXISTS oauth2_spent_refresh_token_expires_at_idx
    ON oauth2_spent_refresh_token (expires_at);

-- An authorization is of no use once the last of its codes and tokens has expired. greatest()
-- skips NULLs, so one with none yet (waiting for consent) has NULL here and is kept.
CREATE INDEX CONCURRENTLY IF NOT EXISTS oauth2_authorization_expires_at_idx ON oauth2_authorization
    ((greatest(authorization_code_expires_at, access_token_expires_at, oidc_id_token_expires_at,
               refresh_token_expires_at, user_code_expires_at, device_code_expires_at)));
