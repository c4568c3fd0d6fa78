package io.cardea.ops.plan;

import io.cardea.migrate.registry.Deprecation;
import io.cardea.ops.release.ConfigChange;
import io.cardea.ops.release.ReleaseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;

/**
 * An operator's configuration file in properties style: {@code key=value} or {@code key: value}
 * lines, {@code #} and {@code !} comments. Edits keep every other line, comment and blank as it is.
 */
public record ConfigFile(Path path, List<String> lines) {

    public static ConfigFile read(Path path) {
        try {
            return new ConfigFile(path, Files.readAllLines(path, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ReleaseException("could not read the configuration file " + path + ": " + e.getMessage()
                    + ". Give the file the running release reads with --config FILE", e);
        }
    }

    /** The edits that make this file use the names {@code changes} introduce. */
    public List<ConfigEdit> edits(List<ConfigChange> changes) {
        List<ConfigEdit> edits = new ArrayList<>();
        for (ConfigChange change : changes) {
            int line = lineOf(change.key());
            if (line < 0) {
                continue;
            }
            String before = lines.get(line);
            // A key already set under its new name keeps that value; the old line only goes.
            Optional<String> after = change.renamedTo().filter(to -> lineOf(to) < 0)
                    .map(to -> before.replaceFirst("^(\\s*)\\Q" + change.key() + "\\E", "$1" + Matcher.quoteReplacement(to)));
            edits.add(new ConfigEdit(line + 1, before, after, change));
        }
        return List.copyOf(edits);
    }

    /**
     * Applies {@code edits}, first copying the file as it was beside it; returns the copy. The new
     * content replaces the file in one move, so a crash leaves either the old or the new file.
     */
    public Path apply(List<ConfigEdit> edits, String copySuffix) {
        List<String> updated = new ArrayList<>(lines);
        // From the bottom up, so that a removed line does not move the lines still to edit.
        for (ConfigEdit edit : edits.stream().sorted(Comparator.comparingInt(ConfigEdit::line).reversed()).toList()) {
            if (edit.after().isPresent()) {
                updated.set(edit.line() - 1, edit.after().get());
            } else {
                updated.remove(edit.line() - 1);
            }
        }
        Path copy = freeName(path.resolveSibling(path.getFileName() + copySuffix));
        Path next = path.resolveSibling(path.getFileName() + ".next");
        try {
            Files.copy(path, copy, StandardCopyOption.COPY_ATTRIBUTES);
            Files.write(next, updated, StandardCharsets.UTF_8);
            Files.move(next, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return copy;
        } catch (IOException e) {
            throw new ReleaseException("could not rewrite " + path + ": " + e.getMessage(), e);
        }
    }

    /** The 1-based line that sets {@code setting}, under that name or its other spelling (CARDEA_X, cardea.x). */
    public OptionalInt lineSetting(String setting) {
        for (int i = 0; i < lines.size(); i++) {
            Optional<String> key = keyAt(i);
            if (key.isPresent() && Deprecation.sameSetting(key.get(), setting)) {
                return OptionalInt.of(i + 1);
            }
        }
        return OptionalInt.empty();
    }

    private int lineOf(String key) {
        for (int i = 0; i < lines.size(); i++) {
            if (keyAt(i).filter(key::equals).isPresent()) {
                return i;
            }
        }
        return -1;
    }

    /** The key line {@code i} sets; empty for a blank or comment line. */
    private Optional<String> keyAt(int i) {
        String line = lines.get(i).strip();
        if (line.isEmpty() || line.startsWith("#") || line.startsWith("!")) {
            return Optional.empty();
        }
        int end = 0;
        while (end < line.length() && line.charAt(end) != '=' && line.charAt(end) != ':') {
            end++;
        }
        return Optional.of(line.substring(0, end).strip());
    }

    /** An earlier copy from an earlier plan is kept too: the first name not taken. */
    private static Path freeName(Path wanted) {
        Path candidate = wanted;
        for (int n = 1; Files.exists(candidate); n++) {
            candidate = wanted.resolveSibling(wanted.getFileName() + "." + n);
        }
        return candidate;
    }
}
