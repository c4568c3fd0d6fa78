package io.cardea.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a throw-away cluster from an installed PostgreSQL's {@code bin} directory (for example
 * Debian's), so a suite can run on a PostgreSQL built elsewhere than the embedded one. Like the
 * embedded server, it uses a user namespace when run as root.
 */
final class InstalledPostgres {

    private InstalledPostgres() {}

    static TestPostgres.Server start(Path bin) {
        if (!Files.isExecutable(bin.resolve("initdb"))) {
            throw new IllegalStateException("no PostgreSQL in " + bin + " (" + TestPostgres.PROPERTY
                    + "): install it, e.g. `apt-get install postgresql-16`, or use " + TestPostgres.PROPERTY + "=embedded");
        }
        try {
            Path root = Files.createTempDirectory("cardea-test-pg-installed");
            Path data = root.resolve("data");
            int port = freePort();
            run(bin, "initdb", "-D", data.toString(), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale");
            run(bin, "pg_ctl", "-D", data.toString(), "-l", root.resolve("postgres.log").toString(), "-w", "-t", "60",
                    "-o", "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c max_connections=300",
                    "start");
            return new TestPostgres.Server(port, () -> {
                try {
                    run(bin, "pg_ctl", "-D", data.toString(), "-m", "immediate", "-w", "stop");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("could not start PostgreSQL from " + bin, e);
        }
    }

    private static void run(Path bin, String tool, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("unshare", "-U")); // PostgreSQL refuses to run as root
        }
        command.add(bin.resolve(tool).toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        try {
            if (p.waitFor() != 0) {
                throw new IOException(String.join(" ", command) + " failed:\n" + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
