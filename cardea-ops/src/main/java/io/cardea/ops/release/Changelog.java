package io.cardea.ops.release;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** CHANGELOG.md read as its {@code ## [label]} sections, newest first, as the file keeps them. */
public record Changelog(List<ChangelogEntry> entries) {

    private static final Pattern HEADING = Pattern.compile("##\\s+\\[([^\\]]+)\\].*");

    public static Changelog read(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ReleaseException("could not read the changelog " + file + ": " + e.getMessage(), e);
        }
    }

    public static Changelog parse(String markdown) {
        List<ChangelogEntry> entries = new ArrayList<>();
        String label = null;
        StringBuilder body = new StringBuilder();
        for (String line : markdown.replace("\r\n", "\n").split("\n", -1)) {
            Matcher heading = line.startsWith("## ") ? HEADING.matcher(line) : null;
            if (heading != null && heading.matches()) {
                if (label != null) {
                    entries.add(new ChangelogEntry(label, body.toString().strip()));
                }
                label = heading.group(1).strip();
                body.setLength(0);
            } else if (label != null) {
                body.append(line).append('\n');
            }
        }
        if (label != null) {
            entries.add(new ChangelogEntry(label, body.toString().strip()));
        }
        return new Changelog(List.copyOf(entries));
    }

    public Optional<ChangelogEntry> entry(String label) {
        return entries.stream().filter(e -> e.label().equals(label)).findFirst();
    }
}
