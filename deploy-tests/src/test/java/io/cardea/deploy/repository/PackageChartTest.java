package io.cardea.deploy.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.SearchResult;
import com.sun.net.httpserver.HttpServer;
import io.cardea.deploy.repository.PackageChart.ChartRepositoryException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** build/package-chart: the chart packaged per release into a folder that, served over HTTP, is a chart repository. */
class PackageChartTest {

    private static final Path CHART = Path.of(System.getProperty("cardea.chart", "../deploy/helm/cardea"));
    private static final Instant FIRST = Instant.parse("2026-12-01T10:00:00Z");
    private static final Instant SECOND = Instant.parse("2026-12-15T10:00:00Z");

    @TempDir
    Path repo;

    @Test
    void twoReleasesPackagedIntoOneFolderAreBothInItsIndexWithTheirDigestsAndOtherChartsKept() throws IOException {
        Files.writeString(repo.resolve("index.yaml"), """
                apiVersion: v1
                entries:
                  other:
                    - name: other
                      version: 1.0.0
                      urls: [other-1.0.0.tgz]
                """);
        byte[] sourceChart = Files.readAllBytes(CHART.resolve("Chart.yaml"));

        Path first = PackageChart.packageInto(CHART, "0.1.0", repo, FIRST);
        Path second = PackageChart.packageInto(CHART, "0.2.0", repo, SECOND);

        assertThat(first).hasFileName("cardea-0.1.0.tgz").isRegularFile();
        assertThat(second).hasFileName("cardea-0.2.0.tgz").isRegularFile();
        assertThat(Files.readAllBytes(CHART.resolve("Chart.yaml"))).as("the source Chart.yaml").isEqualTo(sourceChart);
        JsonNode index = new ObjectMapper(new YAMLFactory()).readTree(repo.resolve("index.yaml").toFile());
        assertThat(index.path("apiVersion").asText()).isEqualTo("v1");
        assertThat(index.path("entries").path("other").get(0).path("version").asText()).isEqualTo("1.0.0");
        JsonNode versions = index.path("entries").path("cardea");
        assertThat(versions).hasSize(2);
        for (JsonNode entry : versions) {
            String version = entry.path("version").asText();
            Path tgz = repo.resolve("cardea-" + version + ".tgz");
            assertThat(entry.path("appVersion").asText()).isEqualTo(version);
            assertThat(entry.path("apiVersion").asText()).isEqualTo("v2");
            assertThat(entry.path("name").asText()).isEqualTo("cardea");
            assertThat(entry.path("urls").get(0).asText()).isEqualTo(tgz.getFileName().toString());
            assertThat(entry.path("digest").asText()).isEqualTo(PackageChart.sha256(tgz));
        }
        assertThat(versions).extracting(v -> v.path("created").asText())
                .containsExactlyInAnyOrder(FIRST.toString(), SECOND.toString());

        // The package itself says the release, as Helm reads it.
        assertThat(Helm.show(second.toString()).chart().call()).contains("version: 0.2.0", "appVersion: 0.2.0");
    }

    @Test
    void helmFindsEveryPackagedVersionInTheRepositoryServedOverHttp() throws IOException {
        PackageChart.packageInto(CHART, "0.1.0", repo, FIRST);
        PackageChart.packageInto(CHART, "0.2.0", repo, SECOND);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            Path file = repo.resolve(exchange.getRequestURI().getPath().substring(1)).normalize();
            boolean found = file.startsWith(repo) && Files.isRegularFile(file);
            byte[] body = found ? Files.readAllBytes(file) : new byte[0];
            exchange.sendResponseHeaders(found ? 200 : 404, found ? body.length : -1);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        // A repository configuration of the test's own; the index Helm downloads goes to its cache (a unique name).
        Path config = Files.writeString(repo.resolve("repositories.yaml"), "apiVersion: \"\"\nrepositories: []\n");
        String name = "cardea-test-" + UUID.randomUUID();
        try {
            Helm.repo().add().withRepositoryConfig(config).withName(name)
                    .withUrl(URI.create("http://127.0.0.1:" + server.getAddress().getPort())).call();

            // As `helm search repo cardea --versions` lists them: newest first.
            List<SearchResult> found = Helm.search().repo().withRepositoryConfig(config).withKeyword(name + "/cardea").call();

            assertThat(found).extracting(SearchResult::getName).containsOnly(name + "/cardea");
            assertThat(found).extracting(SearchResult::getChartVersion).containsExactly("0.2.0", "0.1.0");
            assertThat(found).extracting(SearchResult::getAppVersion).containsExactly("0.2.0", "0.1.0");
        } finally {
            server.stop(0);
            // The configuration is in the temporary folder; the index Helm cached is not (helm-java sets no cache).
            Path cache = Optional.ofNullable(System.getenv("HELM_REPOSITORY_CACHE")).map(Path::of)
                    .orElse(Path.of(Optional.ofNullable(System.getenv("XDG_CACHE_HOME"))
                            .orElse(System.getProperty("user.home") + "/.cache"), "helm", "repository"));
            Files.deleteIfExists(cache.resolve(name + "-index.yaml"));
            Files.deleteIfExists(cache.resolve(name + "-charts.txt"));
        }
    }

    @Test
    void aPublishedVersionIsNeverReplacedAndAVersionMustBeARelease() throws IOException {
        PackageChart.packageInto(CHART, "0.1.0", repo, FIRST);
        String index = Files.readString(repo.resolve("index.yaml"));
        byte[] packaged = Files.readAllBytes(repo.resolve("cardea-0.1.0.tgz"));

        assertThatThrownBy(() -> PackageChart.packageInto(CHART, "0.1.0", repo, SECOND))
                .isInstanceOf(ChartRepositoryException.class)
                .hasMessageContaining("already lists cardea 0.1.0").hasMessageContaining("never changes");
        assertThat(repo.resolve("index.yaml")).hasContent(index);
        assertThat(Files.readAllBytes(repo.resolve("cardea-0.1.0.tgz"))).isEqualTo(packaged);

        assertThatThrownBy(() -> PackageChart.packageInto(CHART, "0.2", repo, SECOND))
                .hasMessageContaining("'0.2' is not a Cardea release version");
        assertThatThrownBy(() -> PackageChart.packageInto(CHART, "0.2.0-SNAPSHOT", repo, SECOND))
                .hasMessageContaining("not a Cardea release version");
        assertThat(repo).isDirectoryNotContaining("glob:**/cardea-0.2*");
    }

    @Test
    void aFolderWithAnotherIndexIsRefused() throws IOException {
        Files.writeString(repo.resolve("index.yaml"), "title: my notes\n");

        assertThatThrownBy(() -> PackageChart.packageInto(CHART, "0.1.0", repo, FIRST))
                .hasMessageContaining("is not a Helm repository index");
        assertThat(repo).isDirectoryNotContaining("glob:**/*.tgz");
    }
}
