-- cardea:phase expand
-- Outgoing mail: a durable outbox, written in the transaction of what causes the mail (a sign-up, a
-- recovery request) and delivered by any instance's worker (MailDelivery). Bodies carry one-time
-- codes and links, so they are encrypted with the system secret, and erased once delivered.
-- A new table: the previous release neither reads nor writes it.

CREATE TABLE IF NOT EXISTS mail_outbox (
    id               uuid PRIMARY KEY,
    -- RFC 5322 Message-ID, the same on every attempt: a resend after a crash mid-send is a duplicate
    -- a mail client can recognise.
    message_id       text NOT NULL UNIQUE,
    recipient        text NOT NULL,
    -- What caused it, e.g. verify-email, recovery: for operators and metrics.
    purpose          text NOT NULL,
    -- The rendered message (subject, text and HTML), AES-GCM under the system secret; null once sent.
    sealed_message   bytea,
    state            text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'sent', 'failed')),
    attempts         integer NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    -- The instance delivering it, until when: another instance takes it over after that.
    claimed_by       text,
    claimed_until    timestamptz,
    last_error       text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    sent_at          timestamptz
);

CREATE INDEX IF NOT EXISTS mail_outbox_due_idx ON mail_outbox (next_attempt_at) WHERE state = 'queued';
CREATE INDEX IF NOT EXISTS mail_outbox_state_idx ON mail_outbox (state, created_at);
