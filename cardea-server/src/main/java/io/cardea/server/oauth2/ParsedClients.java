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
 * what is kept here is a parse result, never an answer the database did not give.
 */
final class ParsedClients implements RowMapper<RegisteredClient> {

    /** Far more than a deployment's clients; past it the memory is simply started again. */
    static final int LIMIT = 1000;

    private record Parsed(List<Object> row, RegisteredClient client) {
    }

    private final RowMapper<RegisteredClient> parser;
    private final Map<String, Parsed> byId = new ConcurrentHashMap<>();

    ParsedClients(RowMapper<RegisteredClient> parser) {
        this.parser = parser;
    }

    @Override
    public RegisteredClient mapRow(ResultSet rs, int rowNum) throws SQLException {
        int columns = rs.getMetaData().getColumnCount();
        List<Object> row = new ArrayList<>(columns);
        for (int i = 1; i <= columns; i++) {
            row.add(rs.getObject(i));
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
