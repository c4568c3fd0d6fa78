package io.cardea.ops.deploy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Waiting for instances to answer 200 on {@code /health/ready}, giving up early on one that has failed. */
public final class Readiness {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Duration POLL = Duration.ofMillis(250);
    private static final String READY_PATH = "/health/ready";

    private Readiness() {}

    /**
     * Returns once every one of {@code urls} is ready. {@code supervised} gives what the supervisor
     * knows of an instance (null when nothing): a stopped or failed one will never be ready.
     */
    public static void await(List<URI> urls, Duration timeout, Function<URI, InstanceView> supervised)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<URI> waiting = new ArrayList<>(urls);
        while (!waiting.isEmpty()) {
            for (URI url : List.copyOf(waiting)) {
                InstanceView view = supervised.apply(url);
                if (view != null && !view.running()) {
                    throw new DeploymentException("instance " + view.id() + " of " + view.release() + " at " + url
                            + " is " + view.state() + " and will not become ready; its log: " + view.log());
                }
                if (ready(url)) {
                    waiting.remove(url);
                }
            }
            if (!waiting.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new DeploymentException(describe(waiting, supervised) + " not ready after "
                            + timeout.toSeconds() + "s (" + READY_PATH + " never answered 200)");
                }
                Thread.sleep(POLL);
            }
        }
    }

    /** Whether {@code url} answers 200 on its readiness probe now. */
    public static boolean ready(URI url) throws InterruptedException {
        try {
            return HTTP.send(HttpRequest.newBuilder(url.resolve(READY_PATH)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    private static String describe(List<URI> urls, Function<URI, InstanceView> supervised) {
        List<String> parts = new ArrayList<>();
        for (URI url : urls) {
            InstanceView view = supervised.apply(url);
            parts.add(view == null ? url.toString() : "instance " + view.id() + " of " + view.release() + " at " + url
                    + " (log: " + view.log() + ")");
        }
        return String.join(", ", parts);
    }
}
