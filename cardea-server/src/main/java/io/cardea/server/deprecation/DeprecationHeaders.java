package io.cardea.server.deprecation;

import io.cardea.migrate.registry.Deprecation;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.http.server.PathContainer;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Answers requests to deprecated endpoints with {@code Deprecation: @<seconds>} (RFC 9745), the
 * {@code Sunset} date (RFC 8594) and a {@code Link} with {@code rel="deprecation"} when the release
 * gave them. For a deprecated field, the endpoint that carries it answers with {@code Deprecation}
 * and {@code Link}, not {@code Sunset}: the endpoint itself keeps answering.
 */
final class DeprecationHeaders extends OncePerRequestFilter {

    /** The filter's name in the servlet context, where it is only when something is deprecated. */
    static final String NAME = "deprecationHeaders";

    /** IMF-fixdate: the day always in two digits, which RFC_1123_DATE_TIME does not give. */
    private static final DateTimeFormatter IMF_FIXDATE = DateTimeFormatter
            .ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private final List<Deprecated> deprecated;

    DeprecationHeaders(List<Deprecation> deprecations) {
        // Endpoints first: when an endpoint and one of its fields are both deprecated, the endpoint's headers win.
        this.deprecated = deprecations.stream().filter(d -> d.kind().http())
                .sorted(Comparator.comparing(d -> d.kind() == Deprecation.Kind.FIELD)).map(Deprecated::of).toList();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        PathContainer path = PathContainer.parsePath(request.getRequestURI());
        for (Deprecated d : deprecated) {
            if (d.method().equals(request.getMethod()) && d.path().matches(path)) {
                response.setHeader("Deprecation", d.deprecation());
                d.sunset().ifPresent(s -> response.setHeader("Sunset", s));
                d.link().ifPresent(l -> response.addHeader("Link", l));
                break;
            }
        }
        chain.doFilter(request, response);
    }

    /** One deprecation with its header values worked out once. */
    private record Deprecated(String method, PathPattern path, String deprecation, Optional<String> sunset,
            Optional<String> link) {

        static Deprecated of(Deprecation d) {
            long seconds = d.deprecatedOn().atStartOfDay(ZoneOffset.UTC).toEpochSecond();
            Optional<String> sunset = d.kind() == Deprecation.Kind.ENDPOINT
                    ? d.sunset().map(s -> IMF_FIXDATE.format(s.atStartOfDay(ZoneOffset.UTC))) : Optional.empty();
            return new Deprecated(d.method(), PathPatternParser.defaultInstance.parse(d.path()), "@" + seconds, sunset,
                    d.link().map(l -> "<" + l + ">; rel=\"deprecation\""));
        }
    }
}
