package io.cardea.ops.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReleaseRulesTest {

    private static final String V1 = "CREATE TABLE accounts (id bigint PRIMARY KEY, email text);";
    private static final String V2_EXPAND = "ALTER TABLE accounts ADD COLUMN email_lower text;";
    private static final String V3_CONTRACT = "-- cardea:phase contract\n-- cardea:completes V2\n"
            + "ALTER TABLE accounts DROP COLUMN email;";

    @TempDir
    Path root;

    private ReleaseRepository repo() {
        return new ReleaseRepository(root);
    }

    /** 0.1.0 released with V1; the changelog then gains a section for the next build. */
    private ReleaseRepository released010(String next) {
        ReleaseRepository repo = repo().changelog("## [0.1.0]\n### Added\n- accounts\n").migration("V1__accounts.sql", V1);
        repo.release("0.1.0");
        return repo.changelog(next + "\n## [0.1.0]\n### Added\n- accounts\n");
    }

    @Test
    void theManifestCarriesVersionMigrationsRangeChangelogAndConfigChanges() throws IOException {
        ReleaseRepository repo = released010("## [Unreleased]\n### Added\n- email_lower\n### Changed\n- smtp.host "
                + "is now mail.host\n### Removed\n- smtp.debug\n")
                .migration("V2__email_lower.sql", V2_EXPAND).configChanges("smtp.host=mail.host\nsmtp.debug=\n");

        assertThat(repo.build("0.2.0-SNAPSHOT")).isEmpty();

        ReleaseManifest m = ManifestJson.read(Files.readString(repo.manifest()), "manifest");
        assertThat(m.version()).hasToString("0.2.0");
        assertThat(m.snapshot()).isTrue();
        assertThat(m.migrations()).extracting(ShippedMigration::label).containsExactly("V1 accounts", "V2 email_lower");
        assertThat(m.schemaRange()).isEqualTo(new SchemaRange(2, 2));
        assertThat(m.upgradesFrom()).hasValue(new ReleaseVersion(0, 1, 0));
        assertThat(m.configChanges()).extracting(ConfigChange::describe)
                .containsExactly("smtp.debug is removed", "smtp.host is renamed to mail.host");
        assertThat(m.entry().label()).isEqualTo("Unreleased");
        assertThat(m.changelog()).hasSize(1);
        assertThat(ManifestJson.read(ManifestJson.write(m), "again")).isEqualTo(m);
    }

    @Test
    void aBuildWithoutItsChangelogSectionFails() {
        ReleaseRepository repo = repo().changelog("## [0.1.0]\n### Added\n- accounts\n").migration("V1__accounts.sql", V1);

        assertThat(repo.build("0.2.0-SNAPSHOT")).singleElement().asString()
                .contains("CHANGELOG.md has no '## [Unreleased]' section");
        assertThat(repo.manifest()).doesNotExist();
    }

    @Test
    void aManifestWhoseChangelogEntryDiffersFromChangelogMdFails() {
        ReleaseRepository repo = repo().changelog("## [0.1.0]\n### Added\n- accounts\n").migration("V1__accounts.sql", V1);
        repo.build("0.1.0");
        ReleaseManifest built = ManifestLocation.read(repo.manifest());

        Changelog edited = Changelog.parse("## [0.1.0]\n### Added\n- accounts\n- sessions\n");

        assertThat(ReleaseRules.check(built, edited, ReleaseHistory.none())).singleElement().asString()
                .contains("differs from CHANGELOG.md");
    }

    @Test
    void aChangelogSectionWithoutChangesOrWithoutTheRenamedKeyFails() {
        ReleaseRepository repo = repo().changelog("## [Unreleased]\nNothing yet.\n").configChanges("smtp.host=mail.host\n");

        assertThat(repo.build("0.1.0-SNAPSHOT")).anySatisfy(p -> assertThat(p).contains("lists no change"))
                .anySatisfy(p -> assertThat(p).contains("does not mention smtp.host"));
    }

    @Test
    void aPatchReleaseContainingAMigrationFails() {
        ReleaseRepository repo = released010("## [0.1.1]\n### Fixed\n- a typo\n").migration("V2__email_lower.sql", V2_EXPAND);

        assertThat(repo.build("0.1.1")).singleElement().asString()
                .contains("patch release 0.1.1 ships a new migration, V2 email_lower").contains("Release it as 0.2.0");
    }

    @Test
    void aPatchReleaseWithoutSchemaChangeIsFine() {
        ReleaseRepository repo = released010("## [0.1.1]\n### Fixed\n- a typo\n");

        assertThat(repo.build("0.1.1")).isEmpty();
    }

    @Test
    void aMinorReleaseShipsExpandMigrationsAndContractsForWhatAnEarlierReleaseExpanded() {
        ReleaseRepository repo = released010("## [0.2.0]\n### Added\n- email_lower\n")
                .migration("V2__email_lower.sql", V2_EXPAND);
        repo.release("0.2.0");
        repo.changelog("## [0.3.0]\n### Removed\n- email\n\n## [0.2.0]\n### Added\n- email_lower\n")
                .migration("V3__drop_email.sql", V3_CONTRACT);

        assertThat(repo.build("0.3.0")).isEmpty();
    }

    @Test
    void aMinorReleaseContractingWhatItExpandsItselfFails() {
        ReleaseRepository repo = released010("## [0.2.0]\n### Changed\n- email_lower\n")
                .migration("V2__email_lower.sql", V2_EXPAND).migration("V3__drop_email.sql", V3_CONTRACT);

        assertThat(repo.build("0.2.0")).singleElement().asString()
                .contains("ships contract migration V3 drop_email that does not complete an expand migration of an "
                        + "earlier release");
    }

    @Test
    void aMajorReleaseMayBreakButMustSaySo() {
        ReleaseRepository repo = released010("## [1.0.0]\n### Changed\n- email_lower\n")
                .migration("V2__email_lower.sql", V2_EXPAND).migration("V3__drop_email.sql", V3_CONTRACT);

        assertThat(repo.build("1.0.0")).singleElement().asString().contains("add a '### Breaking' subsection");

        repo.changelog("## [1.0.0]\n### Breaking\n- email is gone\n\n## [0.1.0]\n### Added\n- accounts\n");
        assertThat(repo.build("1.0.0")).isEmpty();
    }

    @Test
    void aReleasedMigrationMustShipUnchanged() {
        ReleaseRepository repo = released010("## [0.2.0]\n### Added\n- x\n")
                .migration("V1__accounts.sql", V1 + "\nCREATE TABLE x (id int);");

        assertThat(repo.build("0.2.0")).singleElement().asString()
                .contains("V1 accounts shipped in 0.1.0 is changed");
    }

    @Test
    void aVersionMustFollowThePreviousReleaseByOneStep() {
        ReleaseRepository repo = released010("## [0.3.0]\n### Added\n- x\n");

        assertThat(repo.build("0.3.0")).singleElement().asString()
                .contains("0.3.0 does not follow the previous release 0.1.0");
        assertThat(repo.build("0.0.9")).anySatisfy(p -> assertThat(p).contains("newer than this build's 0.0.9"));
    }
}
