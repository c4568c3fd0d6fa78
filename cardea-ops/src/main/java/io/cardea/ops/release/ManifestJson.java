package io.cardea.ops.release;

import io.cardea.migrate.registry.Deprecation;
import io.cardea.migrate.script.Phase;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Predicate;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The manifest's JSON form. Written and read field by field rather than bound to the records, so
 * that a missing or mistyped field is reported by name and the file format stays what the design
 * document says, whatever the records become.
 */
public final class ManifestJson {

    /** Bumped when a field changes meaning; a reader refuses formats it does not know. */
    public static final int FORMAT = 1;

    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private ManifestJson() {}

    public static String write(ReleaseManifest manifest) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("version", manifest.version().toString());
        root.put("snapshot", manifest.snapshot());
        ObjectNode range = root.putObject("schemaRange");
        range.put("requiresExpandUpTo", manifest.schemaRange().requiresExpandUpTo());
        range.put("toleratesContractUpTo", manifest.schemaRange().toleratesContractUpTo());
        manifest.upgradesFrom().ifPresentOrElse(v -> root.put("upgradesFrom", v.toString()),
                () -> root.putNull("upgradesFrom"));
        ArrayNode migrations = root.putArray("migrations");
        for (ShippedMigration m : manifest.migrations()) {
            ObjectNode node = migrations.addObject();
            node.put("version", m.version());
            node.put("name", m.name());
            node.put("phase", m.phase().label());
            node.put("checksum", m.checksum());
            m.completes().ifPresentOrElse(v -> node.put("completes", v), () -> node.putNull("completes"));
            node.put("sql", m.sql());
        }
        ArrayNode config = root.putArray("configChanges");
        for (ConfigChange c : manifest.configChanges()) {
            ObjectNode node = config.addObject().put("key", c.key());
            c.renamedTo().ifPresentOrElse(to -> node.put("renamedTo", to), () -> node.putNull("renamedTo"));
        }
        ArrayNode changelog = root.putArray("changelog");
        for (ChangelogEntry e : manifest.changelog()) {
            changelog.addObject().put("label", e.label()).put("text", e.text());
        }
        ArrayNode deprecations = root.putArray("deprecations");
        manifest.deprecations().forEach(d -> d.write(deprecations.addObject()));
        ArrayNode removals = root.putArray("removals");
        for (Removal r : manifest.removals()) {
            removals.addObject().put("kind", r.kind().label()).put("what", r.what()).put("release", r.release().toString())
                    .put("replacement", r.replacement());
        }
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JacksonException e) {
            throw new IllegalStateException("a manifest tree always serialises", e);
        }
    }

    /** Reads a manifest; {@code where} names its origin in error messages. */
    public static ReleaseManifest read(String json, String where) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JacksonException e) {
            throw new ReleaseException(where + " is not a release manifest: malformed JSON at line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + " ("
                    + e.getOriginalMessage() + ")", e);
        }
        if (root == null || !root.isObject()) {
            throw new ReleaseException(where + " is not a release manifest: expected a JSON object");
        }
        var fields = new Fields(where);
        long format = fields.integer(root, "format");
        if (format != FORMAT) {
            throw new ReleaseException(where + " has manifest format " + format + "; this Cardea reads format "
                    + FORMAT + ". Plan the upgrade with the newer release's `cardea upgrade plan`.");
        }
        ReleaseVersion version = ReleaseVersion.parse(fields.text(root, "version"), where + " field 'version'");
        JsonNode range = fields.object(root, "schemaRange");
        String from = fields.optionalText(root, "upgradesFrom");
        List<ShippedMigration> migrations = new ArrayList<>();
        for (JsonNode m : fields.array(root, "migrations")) {
            migrations.add(new ShippedMigration(fields.integer(m, "version"), fields.text(m, "name"),
                    phase(fields.text(m, "phase"), where), fields.text(m, "checksum"),
                    fields.optionalInteger(m, "completes"), fields.text(m, "sql")));
        }
        List<ConfigChange> config = new ArrayList<>();
        for (JsonNode c : fields.array(root, "configChanges")) {
            config.add(new ConfigChange(fields.text(c, "key"), Optional.ofNullable(fields.optionalText(c, "renamedTo"))));
        }
        List<ChangelogEntry> changelog = new ArrayList<>();
        for (JsonNode e : fields.array(root, "changelog")) {
            changelog.add(new ChangelogEntry(fields.text(e, "label"), fields.text(e, "text")));
        }
        // Manifests written before releases listed deprecations have neither list: read as none.
        List<Deprecation> deprecations = new ArrayList<>();
        for (JsonNode d : fields.optionalArray(root, "deprecations")) {
            try {
                deprecations.add(Deprecation.read(d));
            } catch (IllegalArgumentException e) {
                throw new ReleaseException(where + " is not a valid release manifest: deprecations["
                        + deprecations.size() + "]: " + e.getMessage(), e);
            }
        }
        List<Removal> removals = new ArrayList<>();
        for (JsonNode r : fields.optionalArray(root, "removals")) {
            removals.add(new Removal(kind(fields.text(r, "kind"), where), fields.text(r, "what"),
                    ReleaseVersion.parse(fields.text(r, "release"), where + " removals field 'release'"),
                    fields.text(r, "replacement")));
        }
        if (changelog.isEmpty()) {
            throw new ReleaseException(where + " is not a release manifest: it has no changelog entry");
        }
        return new ReleaseManifest(version, fields.bool(root, "snapshot"), migrations,
                new SchemaRange(fields.integer(range, "requiresExpandUpTo"), fields.integer(range, "toleratesContractUpTo")),
                Optional.ofNullable(from).map(v -> ReleaseVersion.parse(v, where + " field 'upgradesFrom'")),
                config, changelog, deprecations, removals);
    }

    private static Deprecation.Kind kind(String text, String where) {
        try {
            return Deprecation.Kind.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ReleaseException(where + ": " + e.getMessage(), e);
        }
    }

    private static Phase phase(String text, String where) {
        try {
            return Phase.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ReleaseException(where + ": " + e.getMessage(), e);
        }
    }

    /** Typed access to required fields, each failure naming the file and the field. */
    private record Fields(String where) {

        /** The field, present and of the type {@code ok} accepts, else an error saying it {@code mustBe}. */
        JsonNode typed(JsonNode node, String name, Predicate<JsonNode> ok, String mustBe) {
            JsonNode value = node.get(name);
            if (value == null || value.isNull()) {
                throw missing(name, "is missing");
            }
            if (!ok.test(value)) {
                throw missing(name, "must be " + mustBe);
            }
            return value;
        }

        String text(JsonNode node, String name) {
            return typed(node, name, JsonNode::isString, "a string").asString();
        }

        String optionalText(JsonNode node, String name) {
            return present(node, name) ? text(node, name) : null;
        }

        long integer(JsonNode node, String name) {
            return typed(node, name, v -> v.isIntegralNumber() && v.canConvertToLong(), "a whole number").asLong();
        }

        OptionalLong optionalInteger(JsonNode node, String name) {
            return present(node, name) ? OptionalLong.of(integer(node, name)) : OptionalLong.empty();
        }

        boolean bool(JsonNode node, String name) {
            return typed(node, name, JsonNode::isBoolean, "true or false").asBoolean();
        }

        JsonNode object(JsonNode node, String name) {
            return typed(node, name, JsonNode::isObject, "an object");
        }

        JsonNode array(JsonNode node, String name) {
            return typed(node, name, JsonNode::isArray, "a list");
        }

        /** A list a manifest of an earlier release may not have: empty then. */
        JsonNode optionalArray(JsonNode node, String name) {
            return present(node, name) ? array(node, name) : JSON.createArrayNode();
        }

        private static boolean present(JsonNode node, String name) {
            JsonNode value = node.get(name);
            return value != null && !value.isNull();
        }

        private ReleaseException missing(String name, String problem) {
            return new ReleaseException(where + " is not a valid release manifest: field '" + name + "' " + problem);
        }
    }
}
