package io.cardea.ops.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cardea.migrate.registry.Deprecation;
import io.cardea.migrate.registry.Deprecation.Kind;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class ManifestJsonTest {

    @Test
    void malformedJsonIsRefusedWithWhereItBroke() {
        assertThatThrownBy(() -> ManifestJson.read("{\"format\": 1,\n \"version\": }", "release.json"))
                .isInstanceOf(ReleaseException.class)
                .hasMessageStartingWith("release.json is not a release manifest: malformed JSON at line 2");
    }

    @Test
    void aMissingOrMistypedFieldIsNamed() {
        assertThatThrownBy(() -> ManifestJson.read("{\"format\": 1}", "m.json"))
                .hasMessage("m.json is not a valid release manifest: field 'version' is missing");
        assertThatThrownBy(() -> ManifestJson.read("{\"format\": \"1\"}", "m.json"))
                .hasMessage("m.json is not a valid release manifest: field 'format' must be a whole number");
    }

    @Test
    void anUnknownVersionFormatIsRefused() {
        assertThatThrownBy(() -> ManifestJson.read("{\"format\": 1, \"version\": \"2.0\"}", "m.json"))
                .hasMessageContaining("'2.0' is not a release version").hasMessageContaining("MAJOR.MINOR.PATCH");
    }

    @Test
    void aManifestOfAnEarlierReleaseWithoutDeprecationsReadsAsDeprecatingNothing() {
        var deprecation = new Deprecation(Kind.SETTING, "CARDEA_OLD", "0.2.0", "CARDEA_NEW", LocalDate.of(2026, 3, 2),
                Optional.empty(), Optional.empty());
        var manifest = new ReleaseManifest(new ReleaseVersion(0, 3, 0), false, List.of(), new SchemaRange(0, 0),
                Optional.empty(), List.of(), List.of(new ChangelogEntry("0.3.0", "- x")), List.of(deprecation),
                List.of(new Removal(Kind.COMMAND, "cardea keys old", new ReleaseVersion(0, 3, 0), "cardea keys list")));
        String written = ManifestJson.write(manifest);
        assertThat(ManifestJson.read(written, "m.json")).isEqualTo(manifest);

        String earlier = written.replaceAll("(?s),\\s*\"deprecations\" : \\[.*\\]\\s*}\\s*$", "\n}\n");

        assertThat(earlier).doesNotContain("deprecations").doesNotContain("removals").contains("changelog");
        ReleaseManifest read = ManifestJson.read(earlier, "m.json");
        assertThat(read.deprecations()).isEmpty();
        assertThat(read.removals()).isEmpty();
    }

    @Test
    void aBrokenDeprecationIsNamedByItsPlace() {
        assertThatThrownBy(() -> ManifestJson.read("{\"format\": 1, \"version\": \"0.2.0\", \"snapshot\": false, "
                + "\"schemaRange\": {\"requiresExpandUpTo\": 0, \"toleratesContractUpTo\": 0}, \"migrations\": [], "
                + "\"configChanges\": [], \"changelog\": [{\"label\": \"0.2.0\", \"text\": \"- x\"}], "
                + "\"deprecations\": [{\"kind\": \"setting\", \"what\": \"CARDEA_X\"}]}", "m.json"))
                .hasMessage("m.json is not a valid release manifest: deprecations[0]: field 'since' is missing");
    }

    @Test
    void aNewerManifestFormatIsRefusedWithWhatToDo() {
        assertThatThrownBy(() -> ManifestJson.read("{\"format\": 2}", "m.json"))
                .hasMessageContaining("manifest format 2; this Cardea reads format 1");
    }
}
