package io.cardea.server.pages;

import jakarta.servlet.http.HttpServletRequest;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.view.RedirectView;

/** What a page handler answers: a template with its status, a 303 to the next page, or the error page. */
public final class Page {

    /**
     * Every page's Content-Security-Policy: Cardea's pages load nothing from elsewhere and run no
     * script at all. No {@code form-action}: browsers apply it to the redirects after a form post,
     * and the consent form's answer redirects to the client.
     */
    public static final String CONTENT_SECURITY_POLICY =
            "default-src 'self'; script-src 'none'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

    private static final Logger log = LoggerFactory.getLogger(Page.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private Page() {}

    /** The template {@code name} (src/main/resources/templates) answered with {@code status}. */
    public static ModelAndView render(HttpStatus status, String name) {
        ModelAndView page = new ModelAndView(name);
        page.setStatus(status);
        return page;
    }

    /** 303 See Other: after a form post the browser GETs {@code location}. */
    public static ModelAndView seeOther(String location) {
        RedirectView redirect = new RedirectView(location, true);
        redirect.setStatusCode(HttpStatus.SEE_OTHER);
        redirect.setExposeModelAttributes(false);
        return new ModelAndView(redirect);
    }

    /** The error page for a refusal: {@link #error(HttpStatus, String, String, HttpServletRequest, String, Throwable)} without a cause. */
    public static ModelAndView error(HttpStatus status, String explanationKey, String explanation,
            HttpServletRequest request, String path) {
        return error(status, explanationKey, explanation, request, path, null);
    }

    /**
     * The error page: what went wrong in plain words and a reference that is also in the log, so a
     * person who reports it can be matched to the request. Never a stack trace on the page; the
     * {@code cause}, when there is one, goes to the log with the reference. The explanation is
     * {@code explanationKey} of the pages' bundle in the reader's language, else {@code explanation}.
     */
    public static ModelAndView error(HttpStatus status, String explanationKey, String explanation,
            HttpServletRequest request, String path, Throwable cause) {
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        String reference = HexFormat.of().formatHex(bytes);
        // The path only, never the query: it can carry codes and tokens.
        if (cause == null) {
            log.warn("{} {} answered {} (reference {})", request.getMethod(), path, status.value(), reference);
        } else {
            // Cardea's exceptions never carry a password, token or hash; queries bind them as parameters.
            log.error("{} {} failed (reference {})", request.getMethod(), path, reference, cause);
        }
        String title = status.is5xxServerError()
                ? PageText.of(request, "error.title.5xx", "Something went wrong")
                : PageText.of(request, "error.title." + status.value(), status.getReasonPhrase());
        return render(status, "error")
                .addObject("title", title)
                .addObject("explanation", PageText.of(request, explanationKey, explanation))
                .addObject("correlationId", reference);
    }
}
