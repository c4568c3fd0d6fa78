package io.cardea.ops.release;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/** A configuration key a release renamed ({@code renamedTo} present) or removed (empty). */
public record ConfigChange(String key, Optional<String> renamedTo) {

    /**
     * The changes listed in a properties file, one {@code old.key=new.key} (renamed) or
     * {@code old.key=} (removed) a line, sorted by key.
     */
    public static List<ConfigChange> listedIn(Path file) {
        var properties = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(in);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new ReleaseException("could not read " + file + ": " + e.getMessage(), e);
        }
        List<ConfigChange> changes = new ArrayList<>();
        for (String key : properties.stringPropertyNames().stream().sorted().toList()) {
            String to = properties.getProperty(key).strip();
            changes.add(new ConfigChange(key, to.isEmpty() ? Optional.empty() : Optional.of(to)));
        }
        return List.copyOf(changes);
    }

    public String describe() {
        return renamedTo.map(to -> key + " is renamed to " + to).orElse(key + " is removed");
    }
}
