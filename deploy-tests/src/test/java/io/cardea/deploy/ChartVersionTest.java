package io.cardea.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The chart in the repository is the chart of the release being built; the release command keeps them in step. */
class ChartVersionTest {

    @Test
    void theChartsVersionAndAppVersionAreTheProjectsRelease() throws IOException {
        String release = System.getProperty("cardea.project.version", "").replaceFirst("-SNAPSHOT$", "");
        JsonNode chart = new ObjectMapper(new YAMLFactory()).readTree(Chart.DIR.resolve("Chart.yaml").toFile());

        assertThat(release).as("the project version, from the build").matches("\\d+\\.\\d+\\.\\d+");
        assertThat(chart.path("version").asText()).isEqualTo(release);
        assertThat(chart.path("appVersion").asText()).isEqualTo(release);
    }
}
