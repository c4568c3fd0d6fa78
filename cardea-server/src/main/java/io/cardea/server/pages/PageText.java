package io.cardea.server.pages;

import io.cardea.server.web.RequestRefused;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.MessageSource;
import org.springframework.web.servlet.support.RequestContextUtils;

/**
 * Texts a page handler puts on a page, in the reader's language ({@link PageLocale}), from the
 * message bundle {@code i18n/pages}. Templates read the bundle themselves ({@code #{key}}); this is
 * for what a handler chooses, such as the words of a refusal.
 */
public final class PageText {

    private PageText() {}

    /** {@code key} in the request's language, else {@code fallback}. */
    public static String of(HttpServletRequest request, String key, String fallback, Object... args) {
        MessageSource messages = RequestContextUtils.findWebApplicationContext(request);
        return messages == null ? fallback
                : messages.getMessage(key, args, fallback, RequestContextUtils.getLocale(request));
    }

    /**
     * A refusal's words: {@code error.CODE} in the request's language, else the refusal's own
     * (English) message, which is more precise than a translation by code can be.
     */
    public static String of(HttpServletRequest request, RequestRefused refused) {
        return of(request, "error." + refused.error().error(), refused.error().message());
    }
}
