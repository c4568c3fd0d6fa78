package io.cardea.server.pages;

import java.util.regex.Pattern;

/**
 * Where a page may send the browser after signing in or up: only back to the authorization
 * endpoint of this server, or to one of its account pages. Anything else would make the page an
 * open redirect.
 */
public final class ReturnTo {

    private static final Pattern AUTHORIZATION_REQUEST = Pattern.compile("/oauth2/authorize(\\?[^\\s\\\\]*)?");
    private static final Pattern ACCOUNT_PAGE = Pattern.compile("/account(/[a-z-]+)?");

    private ReturnTo() {}

    /** {@code returnTo} when it is a place to return to, else the empty string. */
    public static String safe(String returnTo) {
        return returnTo != null && (AUTHORIZATION_REQUEST.matcher(returnTo).matches()
                || ACCOUNT_PAGE.matcher(returnTo).matches()) ? returnTo : "";
    }
}
