package io.cardea.server.pages;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The language of pages and mails: the first of an app's {@code ui_locales} (OpenID Connect: on the
 * authorization request, or on the page it sent the person to through {@code return_to}) that
 * Cardea speaks, else the best of the browser's {@code Accept-Language}, else English.
 */
public final class PageLocale implements LocaleResolver {

    /** The languages the bundles have in full; the first is the default. */
    public static final List<Locale> SPOKEN = List.of(Locale.ENGLISH, Locale.GERMAN);

    @Override
    public Locale resolveLocale(HttpServletRequest request) {
        String uiLocales = uiLocales(request);
        if (uiLocales != null) {
            for (String tag : uiLocales.trim().split("\\s+")) {
                Locale spoken = spoken(Locale.forLanguageTag(tag));
                if (spoken != null) {
                    return spoken;
                }
            }
        }
        String accept = request.getHeader("Accept-Language");
        if (accept != null && !accept.isBlank()) {
            try {
                Locale best = Locale.lookup(Locale.LanguageRange.parse(accept), SPOKEN);
                if (best != null) {
                    return best;
                }
            } catch (IllegalArgumentException malformed) {
                // A header no browser sends: English.
            }
        }
        return SPOKEN.getFirst();
    }

    private static Locale spoken(Locale wanted) {
        return SPOKEN.stream().filter(l -> l.getLanguage().equals(wanted.getLanguage())).findFirst().orElse(null);
    }

    private static String uiLocales(HttpServletRequest request) {
        String direct = request.getParameter("ui_locales");
        if (direct != null) {
            return direct;
        }
        String returnTo = request.getParameter("return_to");
        if (returnTo == null || returnTo.isBlank()) {
            return null;
        }
        try {
            String value = UriComponentsBuilder.fromUriString(returnTo).build().getQueryParams().getFirst("ui_locales");
            return value == null ? null : URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notAUri) {
            return null;
        }
    }

    @Override
    public void setLocale(HttpServletRequest request, HttpServletResponse response, Locale locale) {
        throw new UnsupportedOperationException("the language follows the request: ui_locales, Accept-Language");
    }
}
