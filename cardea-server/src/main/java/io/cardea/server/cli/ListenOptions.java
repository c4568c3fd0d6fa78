package io.cardea.server.cli;

import picocli.CommandLine.Option;

/** Where the server listens. */
final class ListenOptions {

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "${env:CARDEA_PORT:-8080}",
            description = "Port to listen on (env CARDEA_PORT, default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "${env:CARDEA_BIND:-127.0.0.1}",
            description = "Address to listen on (env CARDEA_BIND, default ${DEFAULT-VALUE}: this machine only). "
                    + "Use 0.0.0.0 to accept connections from other hosts, such as a load balancer.")
    String bind;

    String url(int actualPort) {
        String host = bind.contains(":") ? "[" + bind + "]" : bind;
        return "http://" + (bind.equals("0.0.0.0") ? "127.0.0.1" : host) + ":" + actualPort;
    }
}
