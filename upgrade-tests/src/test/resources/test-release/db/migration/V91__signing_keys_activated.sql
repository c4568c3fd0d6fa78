-- cardea:phase contract
-- cardea:completes V3
--
-- The test release's contract migration, run after the upgrade: every signing key gets the
-- activation time V3 introduced (a key past 'next' without one signs since it was created).

UPDATE signing_keys SET activated_at = created_at WHERE activated_at IS NULL AND state <> 'next';
