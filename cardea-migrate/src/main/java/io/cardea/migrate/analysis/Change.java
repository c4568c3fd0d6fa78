package io.cardea.migrate.analysis;

/**
 * One schema change a statement makes, as far as the lint and the dry-run care.
 *
 * @param target the column, constraint or index concerned, when there is one
 * @param safe the kind's online-safe variant is used: {@code CONCURRENTLY}, {@code NOT VALID},
 *     {@code USING INDEX}, or a default that does not rewrite the table
 * @param detail extra text for messages, e.g. the CHECK expression
 */
public record Change(Kind kind, String table, String target, boolean safe, String detail) {

    public enum Kind {
        CREATE_TABLE, CREATE_INDEX, ADD_COLUMN, SET_NOT_NULL, ADD_CHECK, VALIDATE_CONSTRAINT, COLUMN_TYPE,
        RENAME_COLUMN, RENAME_TABLE, DROP_COLUMN, DROP_TABLE, ADD_FOREIGN_KEY, ADD_UNIQUE, OTHER
    }
}
