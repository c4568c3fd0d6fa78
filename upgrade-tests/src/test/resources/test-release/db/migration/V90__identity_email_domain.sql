-- cardea:transaction none
--
-- The test release's expand migration: a nullable column (the running release keeps inserting
-- rows without it), a batched backfill, and an index built without blocking writes.

ALTER TABLE identities ADD COLUMN email_domain text;

-- cardea:backfill table=identities key=id batch=50 pause=0ms
UPDATE identities SET email_domain = lower(split_part(email, '@', 2))
 WHERE id BETWEEN :from AND :to AND email_domain IS NULL;

CREATE INDEX CONCURRENTLY identities_email_domain_idx ON identities (email_domain);
