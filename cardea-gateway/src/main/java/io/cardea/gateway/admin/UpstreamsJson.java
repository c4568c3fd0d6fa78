package io.cardea.gateway.admin;

import io.cardea.gateway.metrics.UpstreamFigures;
import io.cardea.gateway.upstream.Upstream;
import io.cardea.gateway.upstream.UpstreamView;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.util.ajax.JSON;

/** The JSON shapes of the admin API, read and written by both the API and its client. */
final class UpstreamsJson {

    static final int MAX_UPSTREAMS = 64;

    private UpstreamsJson() {
    }

    /** Thrown for a body that is not JSON at all. */
    static final class Malformed extends Exception {
        Malformed(String message) {
            super(message);
        }
    }

    /** Reads {@code {"upstreams": ["http://HOST:PORT", ...]}}; IllegalArgumentException says what is wrong. */
    static List<URI> readSet(String body) throws Malformed {
        Object parsed;
        try {
            parsed = new JSON().fromJSON(body);
        } catch (RuntimeException e) {
            throw new Malformed("the body is not JSON: " + e.getMessage());
        }
        if (!(parsed instanceof Map<?, ?> object) || !(object.get("upstreams") instanceof Object[] items)) {
            throw new IllegalArgumentException("expected {\"upstreams\": [\"http://HOST:PORT\", ...]}");
        }
        if (items.length == 0 || items.length > MAX_UPSTREAMS) {
            throw new IllegalArgumentException("the set must have 1 to " + MAX_UPSTREAMS + " upstreams, got " + items.length);
        }
        Set<URI> urls = new LinkedHashSet<>();
        for (Object item : items) {
            if (!(item instanceof String text)) {
                throw new IllegalArgumentException("each upstream must be a string URL, got " + item);
            }
            if (!urls.add(Upstream.parseUrl(text))) {
                throw new IllegalArgumentException("upstream " + text + " is listed twice");
            }
        }
        return List.copyOf(urls);
    }

    static String writeSet(List<URI> urls) {
        return new JSON().toJSON(Map.of("upstreams", urls.stream().map(URI::toString).toList()));
    }

    static Map<String, Object> write(UpstreamView view) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("url", view.url().toString());
        json.put("state", view.state());
        json.put("healthy", view.healthy());
        json.put("inFlight", view.inFlight());
        return json;
    }

    static List<UpstreamView> readViews(String body) {
        Map<?, ?> object = (Map<?, ?>) new JSON().fromJSON(body);
        List<UpstreamView> views = new ArrayList<>();
        for (Object item : (Object[]) object.get("upstreams")) {
            Map<?, ?> view = (Map<?, ?>) item;
            views.add(new UpstreamView(URI.create((String) view.get("url")), (String) view.get("state"),
                    (Boolean) view.get("healthy"), ((Number) view.get("inFlight")).longValue()));
        }
        return views;
    }

    static Map<String, Object> write(UpstreamFigures figures) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("url", figures.url().toString());
        json.put("requests", figures.requests());
        json.put("serverErrors", figures.serverErrors());
        json.put("proxyFailures", figures.proxyFailures());
        json.put("latencyBucketsSeconds", Arrays.stream(UpstreamFigures.LATENCY_BUCKETS).boxed().toList());
        json.put("latencyCounts", Arrays.stream(figures.latencyCounts()).boxed().toList());
        return json;
    }

    static List<UpstreamFigures> readFigures(String body) {
        Map<?, ?> object = (Map<?, ?>) new JSON().fromJSON(body);
        List<UpstreamFigures> figures = new ArrayList<>();
        for (Object item : (Object[]) object.get("upstreams")) {
            Map<?, ?> f = (Map<?, ?>) item;
            long[] counts = Arrays.stream((Object[]) f.get("latencyCounts")).mapToLong(n -> ((Number) n).longValue()).toArray();
            figures.add(new UpstreamFigures(URI.create((String) f.get("url")), number(f, "requests"),
                    number(f, "serverErrors"), number(f, "proxyFailures"), counts));
        }
        return figures;
    }

    private static long number(Map<?, ?> object, String key) {
        return ((Number) object.get(key)).longValue();
    }
}
