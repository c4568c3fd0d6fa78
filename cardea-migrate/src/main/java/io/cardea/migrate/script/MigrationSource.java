package io.cardea.migrate.script;

import io.cardea.migrate.MigrationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Finds the migrations a release ships: {@code V<version>__<name>.sql} files in a folder or on the classpath. */
public final class MigrationSource {

    /** Where a release keeps its migrations on the classpath. */
    public static final String DEFAULT_LOCATION = "db/migration";

    private static final Pattern FILE_NAME = Pattern.compile("V(\\d+)__([A-Za-z0-9_]+)\\.sql");

    private MigrationSource() {}

    /** The migrations in a folder of the file system, sorted by version. */
    public static List<Migration> fromDirectory(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new MigrationException("migration folder " + directory + " does not exist");
        }
        Map<String, String> files = new HashMap<>();
        try (Stream<Path> paths = Files.list(directory)) {
            for (Path p : paths.filter(Files::isRegularFile).toList()) {
                files.put(p.toString(), Files.readString(p, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read migrations in " + directory, e);
        }
        return parseAll(files);
    }

    /** The migrations under {@code location} on the classpath (folders and jars), sorted by version. */
    public static List<Migration> fromClasspath(String location, ClassLoader loader) {
        Map<String, String> files = new HashMap<>();
        try {
            for (URL url : Collections.list(loader.getResources(location))) {
                switch (url.getProtocol()) {
                    case "file" -> {
                        for (Migration m : fromDirectory(Path.of(url.toURI()))) {
                            files.put(m.location(), Files.readString(Path.of(m.location()), StandardCharsets.UTF_8));
                        }
                    }
                    case "jar" -> readJar(url, location, files);
                    default -> throw new MigrationException("cannot read migrations from " + url);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read migrations from classpath:" + location, e);
        } catch (URISyntaxException e) {
            throw new MigrationException("bad migration location " + e.getInput(), e);
        }
        return parseAll(files);
    }

    private static void readJar(URL url, String location, Map<String, String> files) throws IOException {
        var connection = (JarURLConnection) url.openConnection();
        connection.setUseCaches(false);
        try (JarFile jar = connection.getJarFile()) {
            String prefix = location.endsWith("/") ? location : location + "/";
            for (JarEntry entry : Collections.list(jar.entries())) {
                String name = entry.getName();
                if (!entry.isDirectory() && name.startsWith(prefix) && name.indexOf('/', prefix.length()) < 0) {
                    try (var in = jar.getInputStream(entry)) {
                        files.put(jar.getName() + "!/" + name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
                    }
                }
            }
        }
    }

    private static List<Migration> parseAll(Map<String, String> files) {
        List<Migration> migrations = new ArrayList<>();
        Map<Long, String> seen = new HashMap<>();
        for (var file : files.entrySet()) {
            String fileName = file.getKey().substring(file.getKey().lastIndexOf('/') + 1);
            if (!fileName.endsWith(".sql")) {
                continue;
            }
            Matcher m = FILE_NAME.matcher(fileName);
            if (!m.matches()) {
                throw new MigrationException(file.getKey() + ": a migration file is named V<version>__<name>.sql, "
                        + "e.g. V7__add_identity_locale.sql");
            }
            long version;
            try {
                version = Long.parseLong(m.group(1));
            } catch (NumberFormatException e) {
                throw new MigrationException(file.getKey() + ": version " + m.group(1) + " is too large; "
                        + "versions are whole numbers up to " + Long.MAX_VALUE, e);
            }
            String other = seen.put(version, file.getKey());
            if (other != null) {
                throw new MigrationException("two migrations have version " + version + ": " + other + " and "
                        + file.getKey() + "; give one of them the next free version");
            }
            migrations.add(MigrationScript.parse(version, m.group(2), file.getKey(), file.getValue()));
        }
        migrations.sort(Comparator.comparingLong(Migration::version));
        return List.copyOf(migrations);
    }
}
