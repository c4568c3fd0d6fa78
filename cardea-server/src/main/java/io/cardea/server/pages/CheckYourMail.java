package io.cardea.server.pages;

import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.ModelAndView;

/**
 * The page that asks a person to confirm their address, with a form for the mailed code or for a
 * new mail: after a sign-up ({@link SignUpPage}) and on email verification's own pages. Callers add
 * {@code notice} or {@code error} as it fits.
 */
public final class CheckYourMail {

    private CheckYourMail() {}

    /**
     * @param email the address, filled into the form ("" for none)
     * @param returnTo the authorization request to go on to ("" for none)
     * @param signedIn whether the browser has a session, and so may go on without confirming now
     */
    public static ModelAndView page(HttpStatus status, String email, String returnTo, boolean signedIn,
            MaintenanceBanner banner) {
        return Page.render(status, "verify-email").addObject("email", email).addObject("returnTo", returnTo)
                .addObject("signedIn", signedIn).addObject("banner", banner.now().orElse(null));
    }
}
