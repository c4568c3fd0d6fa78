-- Refresh tokens issued by the refresh_token grant, one short row per rotation, found by the SHA-256
-- of the token: no token value at rest, no serialised attribute maps, one primary-key update to spend
-- a token and one insert to issue the next. The access token issued with each refresh token is kept
-- in the same row, by its SHA-256 too. A family is the authorization the first refresh token came
-- from (Spring's oauth2_authorization row, which keeps the code, consent state and ID token):
-- deleting it, by reuse detection, revocation or the purge of either release, deletes its rows here.
-- See docs/design/refresh-tokens.md.
-- The table is new, so its indexes are built with it; the previous release neither reads nor writes it.

CREATE TABLE IF NOT EXISTS oauth2_refresh_token (
    token_hash               bytea PRIMARY KEY,
    authorization_id         text NOT NULL REFERENCES oauth2_authorization (id) ON DELETE CASCADE,
    registered_client_id     text NOT NULL,
    principal_name           text NOT NULL,
    -- The family's authorized scopes, space-separated: what a refresh may ask for (RFC 6749 §6).
    scopes                   text NOT NULL,
    issued_at                timestamptz NOT NULL,
    expires_at               timestamptz NOT NULL,
    -- Set when the token is rotated: presented again after that, it revokes its family.
    spent_at                 timestamptz,
    -- The access token issued together with this refresh token; NULL for a token that was first
    -- issued in oauth2_authorization (by the code exchange, or by the previous release).
    access_token_hash        bytea,
    access_token_scopes      text,
    access_token_issued_at   timestamptz,
    access_token_expires_at  timestamptz,
    access_token_revoked_at  timestamptz
);

-- Introspection, userinfo and revocation find an access token by its hash.
CREATE INDEX IF NOT EXISTS oauth2_refresh_token_access_token_idx ON oauth2_refresh_token (access_token_hash);
-- Revoking a family deletes its rows (the cascade), and the purge asks whether a family has a live token.
CREATE INDEX IF NOT EXISTS oauth2_refresh_token_authorization_idx ON oauth2_refresh_token (authorization_id);
-- The purge deletes expired rows in batches.
CREATE INDEX IF NOT EXISTS oauth2_refresh_token_expires_at_idx ON oauth2_refresh_token (expires_at);
