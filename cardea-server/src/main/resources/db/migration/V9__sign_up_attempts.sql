-- Self-service sign-ups by client address, counted by the sign-up throttle (SignUpThrottle): one row
-- per attempt that got as far as hashing its password, forgotten once older than the throttle's
-- window. A new table: the previous release neither reads nor writes it.

CREATE TABLE IF NOT EXISTS sign_up_attempts (
    ip_address    inet NOT NULL,
    attempted_at  timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX IF NOT EXISTS sign_up_attempts_address_idx ON sign_up_attempts (ip_address, attempted_at);
