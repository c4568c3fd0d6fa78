-- OAuth2/OIDC state: clients, authorizations (codes and tokens), consents, spent refresh tokens
-- and the token signing key. Spring's shipped schema, adapted for PostgreSQL: text instead of
-- blob and varchar, timestamptz instead of timestamp.
-- Every table is new here, so plain CREATE INDEX is fine: nothing reads or writes them yet.

CREATE TABLE oauth2_registered_client (
    id                             text PRIMARY KEY,
    client_id                      text NOT NULL,
    client_id_issued_at            timestamptz NOT NULL DEFAULT now(),
    -- "{sha256}" and the hex SHA-256 of a generated 256-bit secret; never the secret itself.
    client_secret                  text,
    client_secret_expires_at       timestamptz,
    client_name                    text NOT NULL,
    client_authentication_methods  text NOT NULL,
    authorization_grant_types      text NOT NULL,
    redirect_uris                  text,
    post_logout_redirect_uris      text,
    scopes                         text NOT NULL,
    client_settings                text NOT NULL,
    token_settings                 text NOT NULL
);

-- Every authenticated token request looks its client up by client_id.
CREATE UNIQUE INDEX oauth2_registered_client_client_id_key ON oauth2_registered_client (client_id);

CREATE TABLE oauth2_authorization (
    id                             text PRIMARY KEY,
    registered_client_id           text NOT NULL,
    principal_name                 text NOT NULL,
    authorization_grant_type       text NOT NULL,
    authorized_scopes              text,
    attributes                     text,
    state                          text,
    authorization_code_value       text,
    authorization_code_issued_at   timestamptz,
    authorization_code_expires_at  timestamptz,
    authorization_code_metadata    text,
    access_token_value             text,
    access_token_issued_at         timestamptz,
    access_token_expires_at        timestamptz,
    access_token_metadata          text,
    access_token_type              text,
    access_token_scopes            text,
    oidc_id_token_value            text,
    oidc_id_token_issued_at        timestamptz,
    oidc_id_token_expires_at       timestamptz,
    oidc_id_token_metadata         text,
    refresh_token_value            text,
    refresh_token_issued_at        timestamptz,
    refresh_token_expires_at       timestamptz,
    refresh_token_metadata         text,
    user_code_value                text,
    user_code_issued_at            timestamptz,
    user_code_expires_at           timestamptz,
    user_code_metadata             text,
    device_code_value              text,
    device_code_issued_at          timestamptz,
    device_code_expires_at         timestamptz,
    device_code_metadata           text
);

-- Authorizations are found by any of their codes or tokens (a revocation or introspection without a
-- token type hint asks for all of them at once). Hash indexes: lookups are by equality only, and a
-- JWT can outgrow what a B-tree entry may hold. See docs/design/oauth2.md.
CREATE INDEX oauth2_authorization_state_idx ON oauth2_authorization USING hash (state);
CREATE INDEX oauth2_authorization_code_idx ON oauth2_authorization USING hash (authorization_code_value);
CREATE INDEX oauth2_authorization_access_token_idx ON oauth2_authorization USING hash (access_token_value);
CREATE INDEX oauth2_authorization_id_token_idx ON oauth2_authorization USING hash (oidc_id_token_value);
CREATE INDEX oauth2_authorization_refresh_token_idx ON oauth2_authorization USING hash (refresh_token_value);
CREATE INDEX oauth2_authorization_user_code_idx ON oauth2_authorization USING hash (user_code_value);
CREATE INDEX oauth2_authorization_device_code_idx ON oauth2_authorization USING hash (device_code_value);

CREATE TABLE oauth2_authorization_consent (
    registered_client_id  text NOT NULL,
    principal_name        text NOT NULL,
    authorities           text NOT NULL,
    PRIMARY KEY (registered_client_id, principal_name)
);

-- Refresh tokens replaced by rotation, by their SHA-256: one presented again means it was stolen,
-- and its whole authorization is revoked.
CREATE TABLE oauth2_spent_refresh_token (
    token_hash        bytea PRIMARY KEY,
    authorization_id  text NOT NULL REFERENCES oauth2_authorization (id) ON DELETE CASCADE,
    spent_at          timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX oauth2_spent_refresh_token_authorization_idx ON oauth2_spent_refresh_token (authorization_id);

-- Token signing keys, shared by every instance and release. The private key is encrypted with the
-- system secret (AES-256-GCM). state leaves room for rotation: next, active, retired.
CREATE TABLE signing_keys (
    kid          text PRIMARY KEY,
    algorithm    text NOT NULL,
    state        text NOT NULL CHECK (state IN ('next', 'active', 'retired')),
    public_jwk   text NOT NULL,
    private_key  bytea NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);

-- At most one key signs: two instances that find none both try to insert one, and one of them wins.
CREATE UNIQUE INDEX signing_keys_one_active ON signing_keys (state) WHERE state = 'active';
