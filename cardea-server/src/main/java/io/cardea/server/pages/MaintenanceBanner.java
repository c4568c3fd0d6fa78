package io.cardea.server.pages;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The operator's notice on the sign-in and sign-up pages, e.g. of planned maintenance: shown from
 * {@code from} (inclusive) until {@code until} (exclusive); either left out leaves that side open.
 */
public final class MaintenanceBanner {

    /**
     * @param message the text (env CARDEA_MAINTENANCE_MESSAGE); none or blank: no banner
     * @param from ISO-8601 time with offset, e.g. 2026-11-24T01:00:00Z (env CARDEA_MAINTENANCE_FROM)
     * @param until the same, when the banner goes away (env CARDEA_MAINTENANCE_UNTIL)
     */
    @ConfigurationProperties("cardea.maintenance")
    public record Settings(String message, String from, String until) {}

    private final String message;
    private final Instant from;
    private final Instant until;

    MaintenanceBanner(Settings settings) {
        this.message = settings.message() == null || settings.message().isBlank() ? null : settings.message().strip();
        this.from = time("CARDEA_MAINTENANCE_FROM", settings.from());
        this.until = time("CARDEA_MAINTENANCE_UNTIL", settings.until());
    }

    /** The message when now is inside the window. */
    public Optional<String> now() {
        Instant now = Instant.now();
        boolean inside = (from == null || !now.isBefore(from)) && (until == null || now.isBefore(until));
        return inside ? Optional.ofNullable(message) : Optional.empty();
    }

    private static Instant time(String variable, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text.strip()).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(variable + " is '" + text + "', not an ISO-8601 time with an offset "
                    + "such as 2026-11-24T01:00:00Z or 2026-11-24T02:00:00+01:00", e);
        }
    }
}
