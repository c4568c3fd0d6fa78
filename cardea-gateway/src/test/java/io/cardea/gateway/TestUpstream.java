package io.cardea.gateway;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for a Cardea server instance on loopback: answers {@code /health/ready} and, on any
 * other path, its own name (and the request body). {@code /slow} waits until released;
 * {@code /status/NNN} answers NNN. It records every non-health request it sees.
 */
final class TestUpstream implements AutoCloseable {

    enum Behaviour { ANSWER, DROP_BEFORE_ANSWER, DROP_AFTER_HEADERS }

    final String name;
    final Queue<String> seen = new ConcurrentLinkedQueue<>();
    final CountDownLatch slowArrived = new CountDownLatch(1);
    final CountDownLatch releaseSlow = new CountDownLatch(1);
    volatile boolean ready = true;
    volatile Behaviour behaviour = Behaviour.ANSWER;
    volatile Headers lastHeaders;
    private final HttpServer server;

    private TestUpstream(String name) throws IOException {
        this.name = name;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    static TestUpstream start(String name) throws IOException {
        return new TestUpstream(name);
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    List<String> seen() {
        return List.copyOf(seen);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (path.equals("/health/ready")) {
            answer(exchange, ready ? 200 : 503, ready ? "ready" : "starting");
            return;
        }
        seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
        lastHeaders = exchange.getRequestHeaders();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        switch (behaviour) {
            // An exception out of the handler makes the JDK server close the connection unanswered.
            case DROP_BEFORE_ANSWER -> throw new IllegalStateException(name + " drops the connection");
            case DROP_AFTER_HEADERS -> {
                exchange.sendResponseHeaders(200, 100);
                exchange.getResponseBody().flush();
                throw new IllegalStateException(name + " drops the connection after the headers");
            }
            case ANSWER -> { }
        }
        if (path.equals("/slow")) {
            slowArrived.countDown();
            await(releaseSlow);
        }
        int status = path.startsWith("/status/") ? Integer.parseInt(path.substring("/status/".length())) : 200;
        answer(exchange, status, body.isEmpty() ? name : name + " " + body);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Stops listening: connections to its port are refused from now on. */
    @Override
    public void close() {
        releaseSlow.countDown();
        server.stop(0);
    }
}
