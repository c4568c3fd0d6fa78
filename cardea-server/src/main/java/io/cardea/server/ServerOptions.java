package io.cardea.server;

import java.util.Map;

/**
 * How to start a server.
 *
 * @param databaseUrl the PostgreSQL JDBC URL
 * @param databaseUser the database user, or null for the driver's default
 * @param databasePassword the database password, or null for none
 * @param bind the address to listen on
 * @param port the port to listen on; 0 for any free port
 * @param settings further {@code cardea.*} (or Spring) settings, taking precedence over the environment
 */
public record ServerOptions(String databaseUrl, String databaseUser, String databasePassword, String bind, int port,
        Map<String, String> settings) {

    public ServerOptions {
        settings = Map.copyOf(settings);
    }

    @Override
    public String toString() {
        return "ServerOptions[databaseUrl=" + databaseUrl + ", bind=" + bind + ", port=" + port + "]";
    }
}
