package io.cardea.migrate.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cardea.migrate.MigrationException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationSourceTest {

    @TempDir
    Path folder;

    private void write(String name, String content) throws IOException {
        Files.writeString(folder.resolve(name), content);
    }

    @Test
    void loadsMigrationsFromAFolderSortedByVersionNumber() throws IOException {
        write("V10__add_locale.sql", "ALTER TABLE identities ADD COLUMN locale text;");
        write("V2__create_sessions.sql", "CREATE TABLE sessions (id bigint);");
        write("V1__create_identities.sql", "-- cardea:phase expand\nCREATE TABLE identities (id bigint);");

        List<Migration> migrations = MigrationSource.fromDirectory(folder);

        assertThat(migrations).extracting(Migration::version).containsExactly(1L, 2L, 10L);
        assertThat(migrations).extracting(Migration::name)
                .containsExactly("create_identities", "create_sessions", "add_locale");
        Migration first = migrations.getFirst();
        assertThat(first.location()).isEqualTo(folder.resolve("V1__create_identities.sql").toString());
        assertThat(first.steps()).extracting(Step::sql).containsExactly("CREATE TABLE identities (id bigint)");
    }

    @Test
    void ignoresFilesThatAreNotSqlAndSubfolders() throws IOException {
        write("V1__create_identities.sql", "CREATE TABLE identities (id bigint);");
        write("README.md", "# migrations");
        write("V2__notes.txt", "not a migration");
        write("V3__backup.sql~", "editor backup");
        Files.createDirectory(folder.resolve("V4__folder.sql"));

        assertThat(MigrationSource.fromDirectory(folder)).extracting(Migration::version).containsExactly(1L);
    }

    @Test
    void emptyFolderHasNoMigrations() {
        assertThat(MigrationSource.fromDirectory(folder)).isEmpty();
    }

    @Test
    void badlyNamedSqlFileIsRefusedWithTheExpectedPattern() throws IOException {
        write("V1__create_identities.sql", "CREATE TABLE identities (id bigint);");
        write("V2_add-locale.sql", "ALTER TABLE identities ADD COLUMN locale text;");

        assertThatThrownBy(() -> MigrationSource.fromDirectory(folder))
                .isInstanceOf(MigrationException.class)
                .hasMessageContaining("V2_add-locale.sql")
                .hasMessageContaining("V<version>__<name>.sql");
    }

    @Test
    void lowerCaseVersionPrefixIsRefused() throws IOException {
        write("v1__create_identities.sql", "CREATE TABLE identities (id bigint);");

        assertThatThrownBy(() -> MigrationSource.fromDirectory(folder))
                .isInstanceOf(MigrationException.class)
                .hasMessageContaining("V<version>__<name>.sql");
    }

    @Test
    void duplicateVersionIsRefusedNamingBothFiles() throws IOException {
        write("V3__one.sql", "SELECT 1;");
        write("V03__other.sql", "SELECT 2;");

        assertThatThrownBy(() -> MigrationSource.fromDirectory(folder))
                .isInstanceOf(MigrationException.class)
                .hasMessageContaining("two migrations have version 3")
                .hasMessageContaining("V3__one.sql")
                .hasMessageContaining("V03__other.sql");
    }

    @Test
    void versionTooLargeForANumberIsRefusedAsAMigrationError() throws IOException {
        write("V99999999999999999999__huge.sql", "SELECT 1;");

        assertThatThrownBy(() -> MigrationSource.fromDirectory(folder))
                .isInstanceOf(MigrationException.class)
                .hasMessageContaining("V99999999999999999999__huge.sql");
    }

    @Test
    void errorInsideAFileNamesThatFile() throws IOException {
        write("V1__broken.sql", "SELECT 1;\n-- cardea:phase contract\nSELECT 2;");

        assertThatThrownBy(() -> MigrationSource.fromDirectory(folder))
                .isInstanceOf(MigrationException.class)
                .hasMessageStartingWith(folder.resolve("V1__broken.sql") + " line 2:");
    }

    @Test
    void missingFolderIsRefused() {
        Path missing = folder.resolve("nowhere");

        assertThatThrownBy(() -> MigrationSource.fromDirectory(missing))
                .isInstanceOf(MigrationException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("does not exist");
    }

    @Test
    void fileInsteadOfAFolderIsRefused() throws IOException {
        Path file = Files.writeString(folder.resolve("V1__x.sql"), "SELECT 1;");

        assertThatThrownBy(() -> MigrationSource.fromDirectory(file)).isInstanceOf(MigrationException.class);
    }

    @Test
    void loadsMigrationsFromAClasspathFolder() throws IOException {
        Path location = Files.createDirectories(folder.resolve("classes/db/migration"));
        Files.writeString(location.resolve("V2__second.sql"), "SELECT 2;");
        Files.writeString(location.resolve("V1__first.sql"), "SELECT 1;");

        try (var loader = new URLClassLoader(new URL[] {folder.resolve("classes").toUri().toURL()}, null)) {
            List<Migration> migrations = MigrationSource.fromClasspath(MigrationSource.DEFAULT_LOCATION, loader);

            assertThat(migrations).extracting(Migration::label).containsExactly("V1 first", "V2 second");
        }
    }

    @Test
    void loadsMigrationsFromAJarIgnoringOtherFoldersOfIt() throws IOException {
        Path jar = folder.resolve("release.jar");
        try (var out = new JarOutputStream(Files.newOutputStream(jar))) {
            // Like the jars Maven builds, this one lists its folders as entries of their own.
            for (String dir : List.of("db/", "db/migration/", "db/migration/old/", "db/other/")) {
                out.putNextEntry(new JarEntry(dir));
                out.closeEntry();
            }
            entry(out, "db/migration/V2__second.sql", "SELECT 2;");
            entry(out, "db/migration/V1__first.sql", "SELECT 1;");
            entry(out, "db/migration/old/V9__archived.sql", "SELECT 9;");
            entry(out, "db/other/V5__elsewhere.sql", "SELECT 5;");
        }

        try (var loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            List<Migration> migrations = MigrationSource.fromClasspath("db/migration", loader);

            assertThat(migrations).extracting(Migration::label).containsExactly("V1 first", "V2 second");
            assertThat(migrations.getFirst().location()).endsWith("release.jar!/db/migration/V1__first.sql");
        }
    }

    private static void entry(JarOutputStream jar, String name, String content) throws IOException {
        jar.putNextEntry(new JarEntry(name));
        OutputStream out = jar;
        out.write(content.getBytes(StandardCharsets.UTF_8));
        jar.closeEntry();
    }
}
