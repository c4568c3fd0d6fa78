package io.cardea.deploy.repository;

import com.marcnuri.helm.Helm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code build/package-chart VERSION OUT_DIR}: packages the chart as {@code cardea-VERSION.tgz} with its
 * version and appVersion set to VERSION, and adds it to {@code OUT_DIR/index.yaml}, so that OUT_DIR
 * served over HTTP is a Helm chart repository. The chart in the repository is left as it is.
 */
public final class PackageChart {

    /** Cardea's versions: MAJOR.MINOR.PATCH, nothing else. */
    private static final Pattern RELEASE = Pattern.compile("(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)");

    private PackageChart() {}

    public static void main(String[] args) {
        if (args.length != 3) {
            System.err.println("usage: PackageChart CHART_DIR VERSION OUT_DIR");
            System.exit(2);
        }
        try {
            Path chart = packageInto(Path.of(args[0]), args[1], Path.of(args[2]), Instant.now());
            System.out.println("Packaged " + chart + " and added it to " + chart.resolveSibling(RepositoryIndex.FILE));
        } catch (ChartRepositoryException e) {
            System.err.println("package-chart: " + e.getMessage());
            System.exit(1);
        }
    }

    /** Packages {@code chartDir} as release {@code version} into {@code outDir} and indexes it; returns the package. */
    public static Path packageInto(Path chartDir, String version, Path outDir, Instant now) {
        if (!RELEASE.matcher(version).matches()) {
            throw new ChartRepositoryException("'" + version + "' is not a Cardea release version: MAJOR.MINOR.PATCH, "
                    + "e.g. 0.2.0");
        }
        try {
            Files.createDirectories(outDir);
            RepositoryIndex index = RepositoryIndex.read(outDir);
            // A published chart version never changes: whoever installed it must get the same chart again.
            index.refuseExisting(version);
            Path copy = copyAs(chartDir, version);
            new Helm(copy).packageIt().withDestination(outDir).call();
            Path packaged = outDir.resolve("cardea-" + version + ".tgz");
            if (!Files.isRegularFile(packaged)) {
                throw new ChartRepositoryException("Helm wrote no " + packaged);
            }
            index.add(RepositoryIndex.entry(copy.resolve("Chart.yaml"), packaged, sha256(packaged), now))
                    .write(outDir, now);
            return packaged;
        } catch (IOException e) {
            throw new ChartRepositoryException("could not package the chart into " + outDir + ": " + e.getMessage(), e);
        }
    }

    /** A copy of the chart whose Chart.yaml says {@code version} for both versions; comments and all else kept. */
    private static Path copyAs(Path chartDir, String version) throws IOException {
        Path copy = Files.createTempDirectory("cardea-chart-package").resolve("cardea");
        try (Stream<Path> paths = Files.walk(chartDir)) {
            for (Path source : paths.toList()) {
                Files.copy(source, copy.resolve(chartDir.relativize(source).toString()));
            }
        }
        Path chartYaml = copy.resolve("Chart.yaml");
        String text = Files.readString(chartYaml);
        String versioned = text.replaceFirst("(?m)^version: .*$", "version: " + version)
                .replaceFirst("(?m)^appVersion: .*$", "appVersion: \"" + version + "\"");
        if (!versioned.contains("\nversion: " + version) || !versioned.contains("\nappVersion: \"" + version + "\"")) {
            throw new ChartRepositoryException(chartDir.resolve("Chart.yaml") + " has no top-level version and "
                    + "appVersion lines to set");
        }
        Files.writeString(chartYaml, versioned);
        return copy;
    }

    static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** What went wrong, in words the person packaging can act on. */
    public static final class ChartRepositoryException extends RuntimeException {
        ChartRepositoryException(String message) {
            super(message);
        }

        ChartRepositoryException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
