package io.cardea.migrate.registry;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Something a release deprecated: it keeps working, and a later minor release may remove it. Kept
 * here, beside {@link RunningRelease}, because both the server (which answers deprecated endpoints
 * with headers) and the release tooling read it from the manifest, and the server must not depend
 * on the tooling.
 *
 * @param what e.g. {@code GET /sessions/whoami}, {@code POST /oauth2/token field foo}, {@code CARDEA_X},
 *     {@code cardea keys old}
 * @param since the release that deprecated it, {@code MAJOR.MINOR.PATCH}
 * @param replacement what to use instead, in the operator's words
 * @param deprecatedOn the date of that release, the {@code Deprecation} header's value
 * @param sunset for HTTP: from when it may stop answering, the {@code Sunset} header's value
 * @param link for HTTP: a page that explains it, sent as {@code Link: <url>; rel="deprecation"}
 */
public record Deprecation(Kind kind, String what, String since, String replacement, LocalDate deprecatedOn,
        Optional<LocalDate> sunset, Optional<String> link) {

    /** What can be deprecated: an HTTP endpoint, a field of one, a setting or a command. */
    public enum Kind {
        ENDPOINT, FIELD, SETTING, COMMAND;

        public static Kind parse(String text) {
            for (Kind k : values()) {
                if (k.label().equals(text)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("'" + text + "' is not a kind of deprecation: one of endpoint, field, "
                    + "setting, command");
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        public boolean http() {
            return this == ENDPOINT || this == FIELD;
        }
    }

    /** How an endpoint is named: {@code METHOD /path}; a field adds {@code field NAME}. */
    private static final String ENDPOINT_FORM = "[A-Z]+ /\\S*";

    public Deprecation {
        checkNamed(kind, what, sunset.isPresent() || link.isPresent());
    }

    /**
     * Throws when {@code what} is not how a {@code kind} is named, or when something other than HTTP
     * has a sunset or link ({@code httpOnly}).
     */
    public static void checkNamed(Kind kind, String what, boolean httpOnly) {
        if (kind.http() && !what.matches(kind == Kind.FIELD ? ENDPOINT_FORM + " field \\S+" : ENDPOINT_FORM)) {
            throw new IllegalArgumentException("a deprecated " + kind.label() + " is named 'METHOD /path'"
                    + (kind == Kind.FIELD ? " field NAME" : "") + ", e.g. 'GET /sessions/whoami', not '" + what + "'");
        }
        if (!kind.http() && httpOnly) {
            throw new IllegalArgumentException("the " + kind.label() + " " + what + " has a sunset or link: only HTTP "
                    + "endpoints and fields answer with them");
        }
    }

    /** For an endpoint or field, the method; e.g. {@code GET}. */
    public String method() {
        return what.substring(0, what.indexOf(' '));
    }

    /** For an endpoint or field, the path (a Spring path pattern: {@code /admin/identities/{id}}). */
    public String path() {
        return what.split(" ")[1];
    }

    /**
     * Whether two names are one setting: {@code CARDEA_SESSION_IDLE_TIMEOUT} in the environment is
     * {@code cardea.session.idle-timeout} in a properties file.
     */
    public static boolean sameSetting(String a, String b) {
        return settingForm(a).equals(settingForm(b));
    }

    private static String settingForm(String name) {
        return name.strip().toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    public String describe() {
        return kind.label() + " " + what + " (deprecated in " + since + "): use " + replacement
                + sunset.map(d -> "; it may stop answering from " + d).orElse("");
    }

    /** The manifest's JSON form of one entry of {@code deprecations[]}, field by field. */
    public void write(ObjectNode node) {
        node.put("kind", kind.label());
        node.put("what", what);
        node.put("since", since);
        node.put("replacement", replacement);
        node.put("deprecatedOn", deprecatedOn.toString());
        sunset.ifPresentOrElse(d -> node.put("sunset", d.toString()), () -> node.putNull("sunset"));
        link.ifPresentOrElse(l -> node.put("link", l), () -> node.putNull("link"));
    }

    /** Reads one entry of {@code deprecations[]}; a missing or mistyped field throws, naming it. */
    public static Deprecation read(JsonNode node) {
        return new Deprecation(Kind.parse(text(node, "kind")), text(node, "what"), text(node, "since"),
                text(node, "replacement"), date(node, "deprecatedOn"), optional(node, "sunset").map(s -> date(node, "sunset")),
                optional(node, "link"));
    }

    private static String text(JsonNode node, String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("field '" + name + "' is missing");
        }
        if (!value.isString()) {
            throw new IllegalArgumentException("field '" + name + "' must be a string");
        }
        return value.asString();
    }

    private static Optional<String> optional(JsonNode node, String name) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(text(node, name));
    }

    private static LocalDate date(JsonNode node, String name) {
        try {
            return LocalDate.parse(text(node, name));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("field '" + name + "' must be a date, YYYY-MM-DD", e);
        }
    }
}
