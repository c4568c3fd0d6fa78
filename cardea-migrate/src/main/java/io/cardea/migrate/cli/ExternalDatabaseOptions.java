package io.cardea.migrate.cli;

import picocli.CommandLine.Option;

/**
 * An operator's PostgreSQL server: its JDBC URL and user from options or the environment, the
 * password from the environment only (never the command line, where {@code ps} shows it).
 */
public final class ExternalDatabaseOptions {

    @Option(names = "--database-url", paramLabel = "JDBC_URL", defaultValue = "${env:CARDEA_DATABASE_URL}",
            description = "PostgreSQL to use, e.g. jdbc:postgresql://db.internal:5432/cardea "
                    + "(env CARDEA_DATABASE_URL). The password is read from env CARDEA_DATABASE_PASSWORD only, "
                    + "never from the command line.")
    String url;

    @Option(names = "--database-user", paramLabel = "USER", defaultValue = "${env:CARDEA_DATABASE_USER}",
            description = "Database user (env CARDEA_DATABASE_USER).")
    String user;

    /** Where to connect and as whom; the user and password are null when not set. */
    public record Connection(String url, String user, String password) {
        /** The URL without any credentials it may carry, for printing. */
        public String redactedUrl() {
            return redacted(url);
        }
    }

    /** Whether the operator named a server, by option or environment. */
    public boolean given() {
        return url != null && !url.isBlank();
    }

    /**
     * The connection settings; refused when no URL is set ({@code whenMissing} says what to do
     * instead) or when it is not a PostgreSQL JDBC URL.
     */
    public Connection connection(String whenMissing) {
        if (!given()) {
            throw new IllegalArgumentException("no database: set CARDEA_DATABASE_URL (or --database-url)" + whenMissing);
        }
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("--database-url must be a PostgreSQL JDBC URL "
                    + "(jdbc:postgresql://HOST:PORT/DATABASE), not '" + redacted(url) + "'");
        }
        return new Connection(url, blankToNull(user), blankToNull(System.getenv("CARDEA_DATABASE_PASSWORD")));
    }

    static String redacted(String url) {
        return url.replaceAll("(?i)(password=)[^&]*", "$1***").replaceAll("//[^/@]*@", "//***@");
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
