package io.cardea.ops.release;

import io.cardea.migrate.registry.Deprecation;
import io.cardea.migrate.registry.Deprecation.Kind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code release/deprecations.txt}: what the release being built deprecates (entries stay, release
 * after release, until a removal ships) and what it removes. One entry a paragraph:
 *
 * <pre>
 * deprecate: endpoint GET /sessions/whoami
 * since: 0.3.0
 * replacement: GET /sessions/current
 * sunset: 2027-06-30
 * link: https://cardea.example/docs/upgrading
 *
 * remove: setting CARDEA_OLD_NAME
 * </pre>
 *
 * See docs/design/deprecations.md.
 */
public record DeprecationsFile(List<Deprecated> deprecations, List<Removed> removals) {

    /** One {@code deprecate:} entry, as the file gives it; {@code line} is where it starts. */
    public record Deprecated(Kind kind, String what, ReleaseVersion since, String replacement,
            Optional<LocalDate> sunset, Optional<String> link, int line) {}

    /** One {@code remove:} entry. */
    public record Removed(Kind kind, String what, int line) {}

    public static DeprecationsFile none() {
        return new DeprecationsFile(List.of(), List.of());
    }

    /** The file's entries; none when it does not exist. */
    public static DeprecationsFile read(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (NoSuchFileException e) {
            return none();
        } catch (IOException e) {
            throw new ReleaseException("could not read " + file + ": " + e.getMessage(), e);
        }
    }

    public static DeprecationsFile parse(String text, String where) {
        var parser = new Parser(where);
        String[] lines = text.replace("\r\n", "\n").split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon < 0) {
                throw parser.error(i + 1, "'" + line + "' is not 'name: value'");
            }
            parser.field(i + 1, line.substring(0, colon).strip(), line.substring(colon + 1).strip());
        }
        return parser.done();
    }

    /** Collects an entry's fields until the next entry starts, then checks it. */
    private static final class Parser {
        private final String where;
        private final List<Deprecated> deprecations = new ArrayList<>();
        private final List<Removed> removals = new ArrayList<>();
        private final Map<String, String> fields = new HashMap<>();
        private int start;

        Parser(String where) {
            this.where = where;
        }

        void field(int line, String name, String value) {
            if (name.equals("deprecate") || name.equals("remove")) {
                finish();
                start = line;
            } else if (start == 0) {
                throw error(line, "'" + name + ":' comes before any 'deprecate:' or 'remove:' line");
            } else if (!List.of("since", "replacement", "sunset", "link").contains(name)) {
                throw error(line, "unknown field '" + name + "': an entry has deprecate or remove, since, replacement, "
                        + "sunset, link");
            }
            if (fields.putIfAbsent(name, value) != null) {
                throw error(line, "'" + name + ":' is given twice in one entry");
            }
        }

        DeprecationsFile done() {
            finish();
            return new DeprecationsFile(List.copyOf(deprecations), List.copyOf(removals));
        }

        private void finish() {
            if (start == 0) {
                return;
            }
            try {
                if (fields.containsKey("remove")) {
                    String[] subject = subject(fields.get("remove"));
                    if (fields.size() > 1) {
                        throw error(start, "a 'remove:' entry has no other field: its replacement is the one its "
                                + "deprecation gave");
                    }
                    removals.add(new Removed(Kind.parse(subject[0]), subject[1], start));
                } else {
                    String[] subject = subject(fields.get("deprecate"));
                    Kind kind = Kind.parse(subject[0]);
                    var since = ReleaseVersion.parse(required("since"), where + " line " + start + " 'since'");
                    Optional<LocalDate> sunset = Optional.ofNullable(fields.get("sunset")).map(this::date);
                    Optional<String> link = Optional.ofNullable(fields.get("link"));
                    Deprecation.checkNamed(kind, subject[1], sunset.isPresent() || link.isPresent());
                    deprecations.add(new Deprecated(kind, subject[1], since, required("replacement"), sunset, link, start));
                }
            } catch (IllegalArgumentException e) {
                throw error(start, e.getMessage());
            }
            fields.clear();
        }

        private String[] subject(String value) {
            String[] parts = value.split("\\s+", 2);
            if (parts.length < 2) {
                throw new IllegalArgumentException("'" + value + "' names no kind and subject: write e.g. "
                        + "'endpoint GET /path', 'setting CARDEA_X', 'command cardea keys old'");
            }
            return parts;
        }

        private String required(String name) {
            String value = fields.get(name);
            if (value == null || value.isEmpty()) {
                throw new IllegalArgumentException("a 'deprecate:' entry needs '" + name + ":'");
            }
            return value;
        }

        private LocalDate date(String text) {
            try {
                return LocalDate.parse(text);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("sunset '" + text + "' is not a date: write it YYYY-MM-DD", e);
            }
        }

        ReleaseException error(int line, String problem) {
            return new ReleaseException(where + " line " + line + ": " + problem);
        }
    }
}
