-- cardea:phase expand
-- Features that switched on fleet-wide: one row per feature, written by the first instance to see
-- every live instance run the release that honours it (FleetFeatures), and never written again, so
-- a missed heartbeat does not switch it back and forth. `cardea upgrade rollback` reads it to refuse
-- going back below a release a switched-on feature needs, and with --force deletes the rows of the
-- features it switches off. See docs/design/fleet-features.md.
-- A new table: the previous release neither reads nor writes it.

CREATE TABLE IF NOT EXISTS fleet_features (
    name               text PRIMARY KEY,
    -- The first release that honours the feature, MAJOR.MINOR.PATCH.
    requires_release   text NOT NULL,
    -- What a release before requires_release does without it: what going back below it loses.
    without_it         text NOT NULL,
    switched_on_at     timestamptz NOT NULL DEFAULT now(),
    -- The instance that switched it on, as it is listed in cardea_instances, and its release.
    switched_on_by     text NOT NULL
);
