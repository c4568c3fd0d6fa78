package io.cardea.migrate.analysis;

import static io.cardea.migrate.analysis.LockMode.ACCESS_EXCLUSIVE;
import static io.cardea.migrate.analysis.LockMode.ACCESS_SHARE;
import static io.cardea.migrate.analysis.LockMode.EXCLUSIVE;
import static io.cardea.migrate.analysis.LockMode.ROW_EXCLUSIVE;
import static io.cardea.migrate.analysis.LockMode.SHARE;
import static io.cardea.migrate.analysis.LockMode.SHARE_ROW_EXCLUSIVE;
import static io.cardea.migrate.analysis.LockMode.SHARE_UPDATE_EXCLUSIVE;

import io.cardea.migrate.analysis.Change.Kind;
import io.cardea.migrate.script.SqlLexer;
import io.cardea.migrate.script.SqlToken;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads a statement without running it and tells which table locks it takes (as documented for
 * PostgreSQL 15–18) and which schema changes it makes. Used by the dry-run and by the lint.
 */
public final class StatementAnalyzer {

    /** Functions whose result changes per row: a column default calling one rewrites the table. */
    private static final Set<String> VOLATILE_FUNCTIONS = Set.of("random", "gen_random_uuid", "uuid_generate_v1",
            "uuid_generate_v1mc", "uuid_generate_v4", "uuidv4", "uuidv7", "clock_timestamp", "timeofday",
            "nextval", "statement_timestamp", "txid_current", "setseed");
    private static final Set<String> SERIAL_TYPES = Set.of("serial", "bigserial", "smallserial", "serial4",
            "serial8", "serial2");

    private StatementAnalyzer() {}

    public static StatementAnalysis analyze(String sql) {
        TokenCursor c = new TokenCursor(SqlLexer.tokenize(sql));
        if (c.accept("CREATE")) {
            return create(c);
        }
        if (c.accept("ALTER", "TABLE")) {
            return alterTable(c);
        }
        if (c.accept("DROP", "TABLE")) {
            c.accept("IF", "EXISTS");
            List<TableLock> locks = new ArrayList<>();
            List<Change> changes = new ArrayList<>();
            do {
                String table = c.name();
                locks.add(new TableLock(table, ACCESS_EXCLUSIVE));
                changes.add(new Change(Kind.DROP_TABLE, table, null, false, null));
            } while (c.acceptSymbol(","));
            return new StatementAnalysis("DROP TABLE", locks, changes, false, true);
        }
        if (c.accept("DROP", "INDEX")) {
            boolean concurrently = c.accept("CONCURRENTLY");
            c.accept("IF", "EXISTS");
            String index = c.name();
            return new StatementAnalysis(concurrently ? "DROP INDEX CONCURRENTLY" : "DROP INDEX",
                    List.of(new TableLock("the table of index " + index,
                            concurrently ? SHARE_UPDATE_EXCLUSIVE : ACCESS_EXCLUSIVE)),
                    List.of(), concurrently, true);
        }
        if (c.accept("TRUNCATE")) {
            c.accept("TABLE");
            List<TableLock> locks = new ArrayList<>();
            do {
                c.accept("ONLY");
                locks.add(new TableLock(c.name(), ACCESS_EXCLUSIVE));
            } while (c.acceptSymbol(","));
            return new StatementAnalysis("TRUNCATE", locks, List.of(), false, true);
        }
        if (c.accept("UPDATE")) {
            c.accept("ONLY");
            return single("UPDATE", c.name(), ROW_EXCLUSIVE);
        }
        if (c.accept("DELETE", "FROM")) {
            c.accept("ONLY");
            return single("DELETE", c.name(), ROW_EXCLUSIVE);
        }
        if (c.accept("INSERT", "INTO")) {
            return single("INSERT", c.name(), ROW_EXCLUSIVE);
        }
        if (c.accept("SELECT") || c.accept("WITH")) {
            return new StatementAnalysis("query", List.of(new TableLock("the tables it reads", ACCESS_SHARE)),
                    List.of(), false, true);
        }
        boolean vacuum = c.accept("VACUUM");
        if (vacuum || c.accept("ANALYZE")) {
            boolean full = vacuum && TokenCursor.contains(c.rest(), "FULL");
            return new StatementAnalysis(full ? "VACUUM FULL" : "VACUUM/ANALYZE",
                    List.of(new TableLock("the tables it names", full ? ACCESS_EXCLUSIVE : SHARE_UPDATE_EXCLUSIVE)),
                    List.of(), vacuum, true);
        }
        if (c.accept("REINDEX")) {
            boolean concurrently = TokenCursor.contains(c.rest(), "CONCURRENTLY");
            return new StatementAnalysis(concurrently ? "REINDEX CONCURRENTLY" : "REINDEX",
                    List.of(new TableLock("the table being reindexed", concurrently ? SHARE_UPDATE_EXCLUSIVE : SHARE)),
                    List.of(), concurrently, true);
        }
        if (c.accept("REFRESH", "MATERIALIZED", "VIEW")) {
            boolean concurrently = c.accept("CONCURRENTLY");
            return single(concurrently ? "REFRESH MATERIALIZED VIEW CONCURRENTLY" : "REFRESH MATERIALIZED VIEW",
                    c.name(), concurrently ? EXCLUSIVE : ACCESS_EXCLUSIVE);
        }
        if (c.accept("COMMENT", "ON") || c.accept("GRANT") || c.accept("REVOKE") || c.accept("SET")
                || c.accept("DO")) {
            return new StatementAnalysis("catalog-only statement", List.of(), List.of(), false, true);
        }
        return new StatementAnalysis("unrecognised statement", List.of(), List.of(), false, false);
    }

    private static StatementAnalysis single(String operation, String table, LockMode mode) {
        return new StatementAnalysis(operation, List.of(new TableLock(table, mode)), List.of(), false, true);
    }

    private static StatementAnalysis create(TokenCursor c) {
        c.accept("OR", "REPLACE");
        boolean unique = c.accept("UNIQUE");
        if (c.accept("INDEX")) {
            boolean concurrently = c.accept("CONCURRENTLY");
            c.accept("IF", "NOT", "EXISTS");
            String index = c.peek() != null && c.peek().is("ON") ? null : c.name();
            c.accept("ON");
            c.accept("ONLY");
            String table = c.name();
            String operation = "CREATE " + (unique ? "UNIQUE " : "") + "INDEX" + (concurrently ? " CONCURRENTLY" : "");
            return new StatementAnalysis(operation,
                    List.of(new TableLock(table, concurrently ? SHARE_UPDATE_EXCLUSIVE : SHARE)),
                    List.of(new Change(Kind.CREATE_INDEX, table, index, concurrently, unique ? "unique" : null)),
                    concurrently, true);
        }
        c.accept("UNLOGGED");
        if (c.accept("TEMP") || c.accept("TEMPORARY")) {
            return new StatementAnalysis("CREATE TEMPORARY TABLE", List.of(), List.of(), false, true);
        }
        if (c.accept("TABLE")) {
            c.accept("IF", "NOT", "EXISTS");
            String table = c.name();
            List<SqlToken> body = c.rest();
            List<TableLock> locks = new ArrayList<>();
            for (String referenced : TokenCursor.namesAfter(body, "REFERENCES")) {
                locks.add(new TableLock(referenced, SHARE_ROW_EXCLUSIVE));
            }
            return new StatementAnalysis("CREATE TABLE", locks,
                    List.of(new Change(Kind.CREATE_TABLE, table, null, true, null)), false, true);
        }
        if (c.accept("TRIGGER") || c.accept("CONSTRAINT", "TRIGGER")) {
            String table = TokenCursor.nameAfter(c.rest(), "ON");
            return single("CREATE TRIGGER", table, SHARE_ROW_EXCLUSIVE);
        }
        if (c.accept("VIEW") || c.accept("MATERIALIZED", "VIEW")) {
            String view = c.name();
            return new StatementAnalysis("CREATE VIEW", List.of(new TableLock(view, ACCESS_EXCLUSIVE)), List.of(),
                    false, true);
        }
        // Functions, types, sequences, schemas, extensions, domains: no lock on existing tables.
        return new StatementAnalysis("CREATE (no table)", List.of(), List.of(), false, true);
    }

    private static StatementAnalysis alterTable(TokenCursor c) {
        c.accept("IF", "EXISTS");
        c.accept("ONLY");
        String table = c.name();
        LockMode mode = null;
        List<Change> changes = new ArrayList<>();
        List<TableLock> otherLocks = new ArrayList<>();
        do {
            List<SqlToken> action = c.untilTopLevelComma();
            ActionEffect effect = alterAction(table, action);
            mode = effect.mode().max(mode);
            changes.add(effect.change());
            if (effect.referenced() != null) {
                // Adding a foreign key puts triggers on the referenced table, NOT VALID or not.
                otherLocks.add(new TableLock(effect.referenced(), SHARE_ROW_EXCLUSIVE));
            }
        } while (c.acceptSymbol(","));
        List<TableLock> locks = new ArrayList<>();
        locks.add(new TableLock(table, mode));
        locks.addAll(otherLocks);
        return new StatementAnalysis("ALTER TABLE", locks, changes, false, true);
    }

    private record ActionEffect(LockMode mode, Change change, String referenced) {
        ActionEffect(LockMode mode, Change change) {
            this(mode, change, null);
        }
    }

    private static ActionEffect alterAction(String table, List<SqlToken> tokens) {
        TokenCursor a = new TokenCursor(tokens);
        if (a.accept("ADD")) {
            if (a.accept("CONSTRAINT")) {
                String name = a.name();
                return constraint(table, name, a.rest());
            }
            SqlToken next = a.peek();
            if (next != null && (next.is("CHECK") || next.is("FOREIGN") || next.is("UNIQUE") || next.is("PRIMARY")
                    || next.is("EXCLUDE"))) {
                return constraint(table, null, a.rest());
            }
            a.accept("COLUMN");
            a.accept("IF", "NOT", "EXISTS");
            String column = a.name();
            List<SqlToken> definition = a.rest();
            boolean rewrites = rewritesTable(definition);
            if (TokenCursor.contains(definition, "UNIQUE") || TokenCursor.contains(definition, "PRIMARY", "KEY")) {
                return new ActionEffect(ACCESS_EXCLUSIVE, new Change(Kind.ADD_UNIQUE, table, column, false,
                        "column " + column + " declared UNIQUE"));
            }
            return new ActionEffect(ACCESS_EXCLUSIVE, new Change(Kind.ADD_COLUMN, table, column, !rewrites,
                    TokenCursor.text(definition)), TokenCursor.nameAfter(definition, "REFERENCES"));
        }
        if (a.accept("DROP", "CONSTRAINT")) {
            return new ActionEffect(ACCESS_EXCLUSIVE, other(table));
        }
        if (a.accept("DROP")) {
            a.accept("COLUMN");
            a.accept("IF", "EXISTS");
            return new ActionEffect(ACCESS_EXCLUSIVE, new Change(Kind.DROP_COLUMN, table, a.name(), false, null));
        }
        if (a.accept("ALTER")) {
            a.accept("COLUMN");
            String column = a.name();
            if (a.accept("TYPE") || a.accept("SET", "DATA", "TYPE")) {
                return new ActionEffect(ACCESS_EXCLUSIVE, new Change(Kind.COLUMN_TYPE, table, column, false,
                        TokenCursor.text(a.rest())));
            }
            if (a.accept("SET", "NOT", "NULL")) {
                return new ActionEffect(ACCESS_EXCLUSIVE, new Change(Kind.SET_NOT_NULL, table, column, false, null));
            }
            boolean attributeOptions = (a.peek(0).is("SET") || a.peek(0).is("RESET")) && a.peek(1).isSymbol("(");
            if (a.accept("SET", "STATISTICS") || attributeOptions) {
                return new ActionEffect(SHARE_UPDATE_EXCLUSIVE, other(table));
            }
            return new ActionEffect(ACCESS_EXCLUSIVE, other(table));
        }
        if (a.accept("VALIDATE", "CONSTRAINT")) {
            return new ActionEffect(SHARE_UPDATE_EXCLUSIVE,
                    new Change(Kind.VALIDATE_CONSTRAINT, table, a.name(), true, null));
        }
        if (a.accept("RENAME", "CONSTRAINT")) {
            return new ActionEffect(ACCESS_EXCLUSIVE, other(table));
        }
        if (a.accept("RENAME", "TO")) {
            return new ActionEffect(ACCESS_EXCLUSIVE, new Change(Kind.RENAME_TABLE, table, a.name(), false, null));
        }
        if (a.accept("RENAME")) {
            a.accept("COLUMN");
            return new ActionEffect(ACCESS_EXCLUSIVE, new Change(Kind.RENAME_COLUMN, table, a.name(), false, null));
        }
        boolean storageParameters = tokens.size() > 1 && tokens.get(0).is("SET") && tokens.get(1).isSymbol("(");
        if (storageParameters || a.accept("RESET") || a.accept("ATTACH", "PARTITION") || a.accept("CLUSTER", "ON")
                || a.accept("SET", "WITHOUT", "CLUSTER")) {
            return new ActionEffect(SHARE_UPDATE_EXCLUSIVE, other(table));
        }
        if (a.accept("ENABLE") || a.accept("DISABLE")) {
            return new ActionEffect(TokenCursor.contains(tokens, "TRIGGER") ? SHARE_ROW_EXCLUSIVE : ACCESS_EXCLUSIVE,
                    other(table));
        }
        return new ActionEffect(ACCESS_EXCLUSIVE, other(table));
    }

    private static ActionEffect constraint(String table, String name, List<SqlToken> tokens) {
        boolean notValid = TokenCursor.contains(tokens, "NOT", "VALID");
        SqlToken first = tokens.isEmpty() ? null : tokens.getFirst();
        if (first != null && first.is("FOREIGN")) {
            return new ActionEffect(SHARE_ROW_EXCLUSIVE,
                    new Change(Kind.ADD_FOREIGN_KEY, table, name, notValid, TokenCursor.text(tokens)),
                    TokenCursor.nameAfter(tokens, "REFERENCES"));
        }
        if (first != null && first.is("CHECK")) {
            return new ActionEffect(ACCESS_EXCLUSIVE, new Change(Kind.ADD_CHECK, table, name, notValid,
                    TokenCursor.text(tokens.subList(1, tokens.size()))));
        }
        if (first != null && (first.is("UNIQUE") || first.is("PRIMARY"))) {
            boolean usingIndex = TokenCursor.contains(tokens, "USING", "INDEX");
            return new ActionEffect(ACCESS_EXCLUSIVE,
                    new Change(Kind.ADD_UNIQUE, table, name, usingIndex, TokenCursor.text(tokens)));
        }
        return new ActionEffect(ACCESS_EXCLUSIVE, other(table));
    }

    /** True when adding a column with this definition rewrites the whole table. */
    private static boolean rewritesTable(List<SqlToken> definition) {
        if (!definition.isEmpty() && SERIAL_TYPES.contains(definition.getFirst().name())) {
            return true;
        }
        if (TokenCursor.contains(definition, "GENERATED", "ALWAYS", "AS") && TokenCursor.contains(definition, "STORED")) {
            return true;
        }
        if (TokenCursor.contains(definition, "AS", "IDENTITY")) {
            return true; // every existing row gets its own value from the sequence
        }
        boolean inDefault = false;
        for (SqlToken t : definition) {
            if (t.is("DEFAULT")) {
                inDefault = true;
            } else if (inDefault && t.kind() == SqlToken.Kind.WORD && VOLATILE_FUNCTIONS.contains(t.name())) {
                return true;
            }
        }
        return false;
    }

    private static Change other(String table) {
        return new Change(Kind.OTHER, table, null, true, null);
    }
}
