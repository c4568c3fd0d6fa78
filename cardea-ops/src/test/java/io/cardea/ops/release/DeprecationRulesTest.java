package io.cardea.ops.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cardea.migrate.registry.Deprecation;
import io.cardea.migrate.registry.Deprecation.Kind;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** release/deprecations.txt through the release build, on throw-away repositories. */
class DeprecationRulesTest {

    private static final String V010 = "## [0.1.0] - 2026-01-10\n### Added\n- accounts\n";
    private static final String WHOAMI = "deprecate: endpoint GET /sessions/whoami\nsince: 0.2.0\n"
            + "replacement: GET /sessions/current\nsunset: 2027-06-30\nlink: https://cardea.example/upgrading\n";
    private static final String V020 = "## [0.2.0] - 2026-03-02\n### Deprecated\n- `GET /sessions/whoami`: use "
            + "`GET /sessions/current`\n\n" + V010;
    private static final String V030 = "## [0.3.0] - 2026-05-04\n### Added\n- sessions list\n\n" + V020;

    @TempDir
    java.nio.file.Path root;

    private ReleaseRepository released010() {
        ReleaseRepository repo = new ReleaseRepository(root).changelog(V010)
                .migration("V1__accounts.sql", "CREATE TABLE accounts (id bigint PRIMARY KEY);");
        repo.release("0.1.0");
        return repo;
    }

    /** 0.1.0, then 0.2.0 deprecating GET /sessions/whoami. */
    private ReleaseRepository released020() {
        ReleaseRepository repo = released010().changelog(V020).deprecations(WHOAMI);
        repo.release("0.2.0");
        return repo;
    }

    /** Then 0.3.0, in which GET /sessions/whoami still works. */
    private ReleaseRepository released030() {
        ReleaseRepository repo = released020().changelog(V030);
        repo.release("0.3.0");
        return repo;
    }

    @Test
    void aDeprecationIsCarriedByTheManifestDatedByItsReleasesHeading() {
        ReleaseRepository repo = released010().changelog(V020).deprecations(WHOAMI);

        assertThat(repo.build("0.2.0")).isEmpty();

        ReleaseManifest m = ManifestLocation.read(repo.manifest());
        assertThat(m.deprecations()).containsExactly(new Deprecation(Kind.ENDPOINT, "GET /sessions/whoami", "0.2.0",
                "GET /sessions/current", LocalDate.of(2026, 3, 2), Optional.of(LocalDate.of(2027, 6, 30)),
                Optional.of("https://cardea.example/upgrading")));
        assertThat(m.removals()).isEmpty();
        assertThat(ManifestJson.read(ManifestJson.write(m), "again")).isEqualTo(m);
    }

    @Test
    void aDeprecationOfABuildNotDatedYetIsDatedToday() {
        ReleaseRepository repo = released010().changelog(V020.replace("[0.2.0] - 2026-03-02", "[Unreleased]"))
                .deprecations(WHOAMI);

        assertThat(repo.build("0.2.0-SNAPSHOT")).isEmpty();
        assertThat(ManifestLocation.read(repo.manifest()).deprecations()).singleElement()
                .extracting(Deprecation::deprecatedOn).isEqualTo(LocalDate.now(ZoneOffset.UTC));
    }

    @Test
    void aNewDeprecationMustBeInTheChangelogSectionAndBeSinceThisRelease() {
        ReleaseRepository repo = released010().changelog("## [0.2.0]\n### Added\n- sessions\n\n" + V010)
                .deprecations(WHOAMI.replace("since: 0.2.0", "since: 0.1.0"));

        assertThat(repo.build("0.2.0"))
                .anySatisfy(p -> assertThat(p).contains("does not mention GET /sessions/whoami")
                        .contains("'### Deprecated'"))
                .anySatisfy(p -> assertThat(p).contains("since 0.1.0, but no earlier release listed it")
                        .contains("since this release, 0.2.0"))
                .hasSize(2);
        assertThat(repo.manifest()).doesNotExist();
    }

    @Test
    void aPatchReleaseAddsNoDeprecation() {
        ReleaseRepository repo = released010().changelog(V020.replace("0.2.0", "0.1.1"))
                .deprecations(WHOAMI.replace("0.2.0", "0.1.1"));

        assertThat(repo.build("0.1.1")).singleElement().asString()
                .contains("patch release 0.1.1 deprecates the endpoint GET /sessions/whoami");
    }

    @Test
    void aDeprecationOfThePreviousReleaseStaysListedUntilRemoved() {
        ReleaseRepository repo = released020().changelog("## [0.2.1]\n### Fixed\n- a typo\n\n" + V020).deprecations("");

        assertThat(repo.build("0.2.1")).singleElement().asString()
                .contains("GET /sessions/whoami deprecated in 0.2.0 is no longer listed")
                .contains("'remove: endpoint GET /sessions/whoami'");

        repo.deprecations(WHOAMI);
        assertThat(repo.build("0.2.1")).isEmpty();
        assertThat(ManifestLocation.read(repo.manifest()).deprecations()).singleElement()
                .extracting(Deprecation::deprecatedOn).isEqualTo(LocalDate.of(2026, 3, 2));
    }

    @Test
    void theMinorAfterTheNextRemovesWhatAnEarlierOneDeprecatedNamingItsReplacement() {
        ReleaseRepository repo = released030()
                .changelog("## [0.4.0]\n### Removed\n- `GET /sessions/whoami`: use `GET /sessions/current`\n\n" + V030)
                .deprecations("remove: endpoint GET /sessions/whoami\n");

        assertThat(repo.build("0.4.0")).isEmpty();

        ReleaseManifest m = ManifestLocation.read(repo.manifest());
        assertThat(m.removals()).containsExactly(new Removal(Kind.ENDPOINT, "GET /sessions/whoami",
                new ReleaseVersion(0, 4, 0), "GET /sessions/current"));
        assertThat(m.deprecations()).isEmpty();
        assertThat(ManifestJson.read(ManifestJson.write(m), "again")).isEqualTo(m);
    }

    @Test
    void theNextMinorMayNotRemoveWhatThePreviousOneDeprecated() {
        ReleaseRepository repo = released020()
                .changelog("## [0.3.0]\n### Removed\n- `GET /sessions/whoami`: use `GET /sessions/current`\n\n" + V020)
                .deprecations("remove: endpoint GET /sessions/whoami\n");

        assertThat(repo.build("0.3.0")).singleElement().asString()
                .contains("removes the endpoint GET /sessions/whoami in 0.3.0, too soon: deprecated in 0.2.0, it keeps "
                        + "working through 0.3: remove it in 0.4.0 at the earliest");
        assertThat(repo.manifest()).doesNotExist();
    }

    @Test
    void aNewMajorMayRemoveWhatThePreviousMinorDeprecated() {
        ReleaseRepository repo = released020()
                .changelog("## [1.0.0]\n### Breaking\n- `GET /sessions/whoami` is gone\n### Removed\n"
                        + "- `GET /sessions/whoami`: use `GET /sessions/current`\n\n" + V020)
                .deprecations("remove: endpoint GET /sessions/whoami\n");

        assertThat(repo.build("1.0.0")).isEmpty();
        assertThat(ManifestLocation.read(repo.manifest()).removals()).singleElement()
                .extracting(Removal::release).isEqualTo(new ReleaseVersion(1, 0, 0));
    }

    @Test
    void aRemovalMustBeInTheChangelogSectionAndNotStillDeprecated() {
        ReleaseRepository repo = released030().changelog("## [0.4.0]\n### Changed\n- sessions\n\n" + V030)
                .deprecations(WHOAMI + "\nremove: endpoint GET /sessions/whoami\n");

        assertThat(repo.build("0.4.0"))
                .anySatisfy(p -> assertThat(p).contains("does not mention GET /sessions/whoami").contains("'### Removed'"))
                .anySatisfy(p -> assertThat(p).contains("both deprecates and removes"))
                .hasSize(2);
    }

    @Test
    void onlyWhatAReleaseDeprecatedMayBeRemoved() {
        ReleaseRepository repo = released010().changelog("## [0.2.0]\n### Removed\n- CARDEA_OLD\n\n" + V010)
                .deprecations("remove: setting CARDEA_OLD\n");

        assertThat(repo.build("0.2.0")).singleElement().asString()
                .contains("removes the setting CARDEA_OLD, which no release deprecated: deprecate it first");
    }

    @Test
    void aPatchRemovesNothingAndKeepsTheRemovalsOfItsMinorLine() {
        ReleaseRepository patchRemoving = released020()
                .changelog("## [0.2.1]\n### Removed\n- GET /sessions/whoami\n\n" + V020)
                .deprecations("remove: endpoint GET /sessions/whoami\n");
        assertThat(patchRemoving.build("0.2.1")).singleElement().asString()
                .contains("patch release 0.2.1 removes the endpoint GET /sessions/whoami: a patch removes nothing; "
                        + "deprecated in 0.2.0, it keeps working through 0.3: remove it in 0.4.0 at the earliest");

        patchRemoving.changelog(V030).deprecations(WHOAMI).release("0.3.0");
        patchRemoving.changelog("## [0.3.1]\n### Removed\n- GET /sessions/whoami\n\n" + V030)
                .deprecations("remove: endpoint GET /sessions/whoami\n");
        assertThat(patchRemoving.build("0.3.1")).singleElement().asString()
                .contains("patch release 0.3.1 removes the endpoint GET /sessions/whoami").contains("next minor, 0.4.0");

        String v040 = "## [0.4.0]\n### Removed\n- GET /sessions/whoami\n\n" + V030;
        patchRemoving.changelog(v040).release("0.4.0");
        patchRemoving.changelog("## [0.4.1]\n### Fixed\n- a typo\n\n" + v040);
        assertThat(patchRemoving.build("0.4.1")).isEmpty();
        assertThat(ManifestLocation.read(patchRemoving.manifest()).removals()).hasSize(1);

        patchRemoving.deprecations("");
        assertThat(patchRemoving.build("0.4.1")).singleElement().asString()
                .contains("no longer lists the removal of the endpoint GET /sessions/whoami that 0.4.0 made");
    }

    @Test
    void theNextMinorStartsItsRemovalsAfresh() {
        ReleaseRepository repo = released030();
        String v040 = "## [0.4.0]\n### Removed\n- GET /sessions/whoami\n\n" + V030;
        repo.changelog(v040).deprecations("remove: endpoint GET /sessions/whoami\n").release("0.4.0");
        repo.changelog("## [0.5.0]\n### Added\n- x\n\n" + v040);

        assertThat(repo.build("0.5.0")).singleElement().asString()
                .contains("GET /sessions/whoami was removed by 0.4.0 already: delete its 'remove:' entry");
    }

    @Test
    void theFileSaysWhereItIsWrong() {
        assertThatThrownBy(() -> DeprecationsFile.parse("deprecate: setting CARDEA_X\nsince: 0.2.0\n", "d.txt"))
                .hasMessage("d.txt line 1: a 'deprecate:' entry needs 'replacement:'");
        assertThatThrownBy(() -> DeprecationsFile.parse("\ndeprecate: setting CARDEA_X\nsince: 0.2.0\nreplacement: Y\n"
                + "sunset: 2027-01-01\n", "d.txt"))
                .hasMessageContaining("d.txt line 2: the setting CARDEA_X has a sunset or link");
        assertThatThrownBy(() -> DeprecationsFile.parse("deprecate: endpoint /sessions\nsince: 0.2.0\nreplacement: Y\n",
                "d.txt")).hasMessageContaining("is named 'METHOD /path'");
        assertThatThrownBy(() -> DeprecationsFile.parse("deprecate: route GET /x\n", "d.txt"))
                .hasMessageContaining("'route' is not a kind of deprecation");
        assertThatThrownBy(() -> DeprecationsFile.parse("remove: command cardea keys old\nsince: 0.1.0\n", "d.txt"))
                .hasMessageContaining("a 'remove:' entry has no other field");
        assertThatThrownBy(() -> DeprecationsFile.parse("since: 0.1.0\n", "d.txt"))
                .hasMessage("d.txt line 1: 'since:' comes before any 'deprecate:' or 'remove:' line");
        assertThatThrownBy(() -> DeprecationsFile.parse("deprecate: command cardea keys old\nreason: x\n", "d.txt"))
                .hasMessageContaining("d.txt line 2: unknown field 'reason'");
    }
}
