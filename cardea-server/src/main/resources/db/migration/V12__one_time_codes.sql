-- cardea:phase expand
-- One-time codes sent by mail to verify an address or recover an account, and which address of an
-- identity was verified. Only keyed hashes of a code and of its link are stored: a database leak
-- yields neither. New tables and a new nullable column: the previous release neither reads nor
-- writes them, and adding a nullable column without default rewrites nothing.

-- The address last proven to receive the identity's mail: its email is verified while the two are
-- equal (ignoring case). Kept as the address rather than a flag, so that an email changed by a
-- release that knows nothing of verification (0.1.0's admin API) is unverified at once.
ALTER TABLE identities ADD COLUMN IF NOT EXISTS verified_email text;

CREATE TABLE IF NOT EXISTS one_time_codes (
    id           uuid PRIMARY KEY,
    identity_id  uuid NOT NULL REFERENCES identities (id) ON DELETE CASCADE,
    -- verify-email or recovery
    purpose      text NOT NULL,
    -- The address the code was sent to: verifying it verifies that address, not a later one.
    email        text NOT NULL,
    code_hash    bytea NOT NULL,
    link_hash    bytea NOT NULL UNIQUE,
    -- Wrong codes tried against it; it is spent after a few.
    attempts     integer NOT NULL DEFAULT 0,
    created_at   timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL,
    used_at      timestamptz
);

CREATE INDEX IF NOT EXISTS one_time_codes_identity_idx ON one_time_codes (identity_id, purpose, created_at);

-- Every request for a code by client address, whether or not its email is known, so the limit per
-- address answers alike for both; forgotten once older than the limit's window.
CREATE TABLE IF NOT EXISTS code_requests (
    purpose       text NOT NULL,
    ip_address    inet NOT NULL,
    requested_at  timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX IF NOT EXISTS code_requests_address_idx ON code_requests (ip_address, purpose, requested_at);
