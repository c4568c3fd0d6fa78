package io.cardea.server.schema;

/** Thrown at startup when the database's schema is not one this release can run on. */
public final class SchemaOutOfRange extends RuntimeException {

    private final SchemaRange range;

    public SchemaOutOfRange(SchemaRange range) {
        super("refusing to start: " + range.problem());
        this.range = range;
    }

    public SchemaRange range() {
        return range;
    }
}
