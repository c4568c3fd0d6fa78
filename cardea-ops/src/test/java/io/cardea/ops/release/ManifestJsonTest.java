package io.cardea.ops.release;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    void aNewerManifestFormatIsRefusedWithWhatToDo() {
        assertThatThrownBy(() -> ManifestJson.read("{\"format\": 2}", "m.json"))
                .hasMessageContaining("manifest format 2; this Cardea reads format 1");
    }
}
