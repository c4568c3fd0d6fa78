package io.cardea.server.account;

import io.cardea.server.identity.IdentityStore;
import io.cardea.server.pages.PageController;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.servlet.ModelAndView;

/** "Your account": the address, whether it is verified, since when the account exists, and what can be done. */
@PageController
final class ProfilePage {

    private final SignedInPages pages;
    private final IdentityStore identities;

    ProfilePage(SignedInPages pages, IdentityStore identities) {
        this.pages = pages;
        this.identities = identities;
    }

    @GetMapping(SignedInPages.ACCOUNT)
    ModelAndView show(HttpServletRequest request) {
        return pages.forSignedIn(request, SignedInPages.ACCOUNT, signedIn -> {
            Profile profile = Profile.of(signedIn.identity(), identities);
            return pages.render(HttpStatus.OK, "account").addObject("email", profile.email())
                    .addObject("verified", profile.emailVerified())
                    .addObject("created", SignedInPages.times(request).format(profile.createdAt()));
        });
    }
}
