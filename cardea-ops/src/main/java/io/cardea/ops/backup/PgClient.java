package io.cardea.ops.backup;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * PostgreSQL's client tools of one major version, found beside the {@code pg_dump} chosen: a dump
 * is taken, and restored, by the tools of the server's own major version, so nothing in it is
 * beyond what they understand.
 */
record PgClient(Path pgDump, int major) {

    /** Debian and Ubuntu install each major's client tools here. */
    static final Path DEBIAN_CLIENTS = Path.of("/usr/lib/postgresql");
    private static final Pattern VERSION = Pattern.compile("\\(PostgreSQL\\)\\s+(\\d+)");

    Path pgRestore() {
        return sibling("pg_restore");
    }

    Path psql() {
        return sibling("psql");
    }

    private Path sibling(String tool) {
        Path path = pgDump.resolveSibling(tool);
        if (!Files.isExecutable(path)) {
            throw new BackupException(tool + " is missing beside " + pgDump + ": install PostgreSQL " + major
                    + "'s client tools whole (Debian: apt-get install " + debianPackage(major) + ")");
        }
        return path;
    }

    /**
     * The client tools for a server of {@code serverMajor}: {@code chosen} (--pg-dump or
     * CARDEA_PG_DUMP) when given, else the first {@code pg_dump} of that major on PATH or under
     * /usr/lib/postgresql/N/bin.
     */
    static PgClient find(int serverMajor, Path chosen) {
        return find(serverMajor, chosen, System.getenv().getOrDefault("PATH", ""), DEBIAN_CLIENTS);
    }

    static PgClient find(int serverMajor, Path chosen, String searchPath, Path debianClients) {
        if (chosen != null) {
            int major = majorOf(chosen);
            if (major != serverMajor) {
                throw tooOld(serverMajor, List.of(chosen + " is pg_dump " + major));
            }
            return new PgClient(chosen, major);
        }
        List<String> seen = new ArrayList<>();
        for (Path candidate : candidates(searchPath, debianClients)) {
            int major = majorOf(candidate);
            if (major == serverMajor) {
                return new PgClient(candidate, major);
            }
            seen.add(candidate + " is pg_dump " + major);
        }
        throw tooOld(serverMajor, seen);
    }

    static String debianPackage(int major) {
        return "postgresql-client-" + major;
    }

    private static Set<Path> candidates(String searchPath, Path debianClients) {
        Set<Path> found = new LinkedHashSet<>();
        for (String dir : searchPath.split(File.pathSeparator)) {
            if (!dir.isBlank() && Files.isExecutable(Path.of(dir, "pg_dump"))) {
                found.add(Path.of(dir, "pg_dump"));
            }
        }
        if (Files.isDirectory(debianClients)) {
            try (Stream<Path> versions = Files.list(debianClients)) {
                versions.map(v -> v.resolve("bin/pg_dump")).filter(Files::isExecutable).sorted().forEach(found::add);
            } catch (IOException e) {
                throw new BackupException("could not list " + debianClients + ": " + e.getMessage(), e);
            }
        }
        return found;
    }

    private static BackupException tooOld(int serverMajor, List<String> seen) {
        return new BackupException("the database runs PostgreSQL " + serverMajor + ", so backups need pg_dump "
                + serverMajor + ", and none was found"
                + (seen.isEmpty() ? " (no pg_dump at all)" : " (" + String.join("; ", seen) + ")")
                + ". Install PostgreSQL " + serverMajor + "'s client tools (Debian and Ubuntu: apt-get install "
                + debianPackage(serverMajor) + ", from the PostgreSQL project's apt repository if your release "
                + "lacks it), or name one with --pg-dump PATH or CARDEA_PG_DUMP.");
    }

    /** The major version a pg_dump reports, e.g. 15 for "pg_dump (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)". */
    static int majorOf(Path pgDump) {
        if (!Files.isExecutable(pgDump)) {
            throw new BackupException(pgDump + " is not an executable pg_dump");
        }
        try {
            Process p = new ProcessBuilder(pgDump.toString(), "--version").redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            Matcher m = VERSION.matcher(output);
            if (!m.find()) {
                throw new BackupException(pgDump + " does not say which PostgreSQL it belongs to: " + output);
            }
            return Integer.parseInt(m.group(1));
        } catch (IOException e) {
            throw new BackupException("could not run " + pgDump + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackupException("interrupted while asking " + pgDump + " its version", e);
        }
    }
}
