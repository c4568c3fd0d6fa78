package io.cardea.server.oauth2;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/**
 * Reads registered clients from their rows, reusing the client parsed from an identical row. Every
 * token, introspection and revocation request reads its client's row (two or three times), and
 * Spring's mapper parses its settings as JSON each time. The row is still read from PostgreSQL on
 * every lookup and compared whole, so a client changed or deleted by any instance is seen at once:
 * what is kept here is a parse result, never an answer the database did not give. Only the
 * client's own columns ({@link #COLUMNS}) are compared, so a query that reads more beside them (the
 * token an introspection asks about) reuses the same parse.
 */
final class ParsedClients implements RowMapper<RegisteredClient> {

    /** Far more than a deployment's clients; past it the memory is simply started again. */
    static final int LIMIT = 1000;

    /** The columns of {@code oauth2_registered_client} that Spring's repository reads. */
    static final List<String> COLUMNS = List.of("id", "client_id", "client_id_issued_at", "client_secret",
            "client_secret_expires_at", "client_name", "client_authentication_methods", "authorization_grant_types",
            "redirect_uris", "post_logout_redirect_uris", "scopes", "client_settings", "token_settings");

    private record Parsed(List<Object> row, RegisteredClient client) {
    }

    private final RowMapper<RegisteredClient> parser;
    private final Map<String, Parsed> byId = new ConcurrentHashMap<>();

    ParsedClients(RowMapper<RegisteredClient> parser) {
        this.parser = parser;
    }

    @Override
    public RegisteredClient mapRow(ResultSet rs, int rowNum) throws SQLException {
        List<Object> row = new ArrayList<>(COLUMNS.size());
        for (String column : COLUMNS) {
            row.add(rs.getObject(column));
        }
        String id = rs.getString("id");
        Parsed parsed = byId.get(id);
        if (parsed != null && parsed.row().equals(row)) {
            return parsed.client();
        }
        RegisteredClient client = parser.mapRow(rs, rowNum);
        if (byId.size() >= LIMIT) {
            byId.clear();
        }
        byId.put(id, new Parsed(row, client));
        return client;
    }
}
