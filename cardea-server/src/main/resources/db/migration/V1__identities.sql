-- Identities, their passwords and their sign-in sessions.
-- Every table is new here, so plain CREATE INDEX is fine: nothing reads or writes them yet.

CREATE TABLE identities (
    id          uuid PRIMARY KEY,
    email       text NOT NULL,
    traits      jsonb NOT NULL DEFAULT '{}'::jsonb,
    state       text NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'disabled')),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- Emails are unique regardless of case.
CREATE UNIQUE INDEX identities_email_key ON identities (lower(email));

CREATE TABLE password_credentials (
    identity_id  uuid PRIMARY KEY REFERENCES identities (id) ON DELETE CASCADE,
    hash         text NOT NULL,
    updated_at   timestamptz NOT NULL DEFAULT now()
);

-- Only a hash of the session token is stored: a database leak yields no usable session.
CREATE TABLE sessions (
    id                uuid PRIMARY KEY,
    identity_id       uuid NOT NULL REFERENCES identities (id) ON DELETE CASCADE,
    token_hash        bytea NOT NULL,
    created_at        timestamptz NOT NULL DEFAULT now(),
    last_seen_at      timestamptz NOT NULL DEFAULT now(),
    idle_expires_at   timestamptz NOT NULL,
    expires_at        timestamptz NOT NULL,
    user_agent        text,
    ip_address        inet
);

CREATE UNIQUE INDEX sessions_token_hash_key ON sessions (token_hash);
CREATE INDEX sessions_identity_idx ON sessions (identity_id);

-- Failed sign-ins, counted per account and per client address to throttle password guessing. In
-- the database, so every instance (and the next release) counts the same attempts.
CREATE TABLE sign_in_failures (
    email_lower  text NOT NULL,
    ip_address   inet,
    failed_at    timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX sign_in_failures_email_idx ON sign_in_failures (email_lower, failed_at);
CREATE INDEX sign_in_failures_address_idx ON sign_in_failures (ip_address, failed_at);
