-- Access tokens issued by the client_credentials grant, one short row each, found by the SHA-256 of
-- the token: no token value at rest, no serialised attribute maps, one index lookup per
-- introspection or revocation. Spring's oauth2_authorization keeps every other authorization (and
-- the client_credentials tokens issued before this release). See docs/design/access-tokens.md.
-- A new table: the previous release never reads or writes it.

CREATE TABLE oauth2_access_token (
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

-- The purge deletes expired tokens in batches, oldest first.
-- cardea:lint-ignore index-not-concurrent the table is created empty in the same transaction
CREATE INDEX oauth2_access_token_expires_at_idx ON oauth2_access_token (expires_at);
