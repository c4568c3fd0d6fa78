package io.cardea.ops.release;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CHANGELOG.md read as its {@code ## [label]} sections, newest first, as the file keeps them.
 *
 * @param dates the date of each section whose heading carries one ({@code ## [0.2.0] - 2026-05-04}), by label
 */
public record Changelog(List<ChangelogEntry> entries, Map<String, LocalDate> dates) {

    private static final Pattern HEADING = Pattern.compile("##\\s+\\[([^\\]]+)\\].*");
    private static final Pattern DATED = Pattern.compile("##\\s+\\[[^\\]]+\\]\\s+-\\s+(\\d{4}-\\d{2}-\\d{2})\\s*");

    public static Changelog read(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ReleaseException("could not read the changelog " + file + ": " + e.getMessage(), e);
        }
    }

    public static Changelog parse(String markdown) {
        List<ChangelogEntry> entries = new ArrayList<>();
        Map<String, LocalDate> dates = new HashMap<>();
        String label = null;
        StringBuilder body = new StringBuilder();
        for (String line : markdown.replace("\r\n", "\n").split("\n", -1)) {
            Matcher heading = line.startsWith("## ") ? HEADING.matcher(line) : null;
            if (heading != null && heading.matches()) {
                if (label != null) {
                    entries.add(new ChangelogEntry(label, body.toString().strip()));
                }
                label = heading.group(1).strip();
                Matcher dated = DATED.matcher(line);
                if (dated.matches()) {
                    dates.put(label, date(dated.group(1), label));
                }
                body.setLength(0);
            } else if (label != null) {
                body.append(line).append('\n');
            }
        }
        if (label != null) {
            entries.add(new ChangelogEntry(label, body.toString().strip()));
        }
        return new Changelog(List.copyOf(entries), Map.copyOf(dates));
    }

    private static LocalDate date(String text, String label) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new ReleaseException("CHANGELOG.md section [" + label + "] is dated " + text + ", not a date: write "
                    + "it YYYY-MM-DD", e);
        }
    }

    /** The date in the heading of the section {@code label}, when it carries one. */
    public Optional<LocalDate> date(String label) {
        return Optional.ofNullable(dates.get(label));
    }

    public Optional<ChangelogEntry> entry(String label) {
        return entries.stream().filter(e -> e.label().equals(label)).findFirst();
    }
}
