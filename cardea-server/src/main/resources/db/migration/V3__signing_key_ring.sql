-- The signing-key ring: when each key began and stopped signing. Rotation is scheduled from the
-- active key's age, and a retired key is removed once every token it signed has expired.
-- Nullable columns without a default: the previous release keeps inserting rows without them, and
-- adding them rewrites nothing. A key without activated_at signs since it was created.
ALTER TABLE signing_keys ADD COLUMN activated_at timestamptz;
ALTER TABLE signing_keys ADD COLUMN retired_at timestamptz;
