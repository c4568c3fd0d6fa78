package io.cardea.server.recovery;

import io.cardea.server.codes.CodeLinks;
import io.cardea.server.mail.Mail;
import io.cardea.server.mail.MailTemplates;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.web.servlet.support.RequestContextUtils;

/**
 * The mail that tells an account's address its password was changed, by recovery or by its owner
 * signed in, with the way back in for the owner who did not do it: recovery. In the language of
 * the request that changed it.
 */
public final class PasswordChangedMail {

    private final MailTemplates templates;
    private final CodeLinks links;

    PasswordChangedMail(MailTemplates templates, CodeLinks links) {
        this.templates = templates;
        this.links = links;
    }

    public Mail to(String address, HttpServletRequest request) {
        return templates.render("password-changed", RequestContextUtils.getLocale(request), address,
                Map.of("link", links.base(request) + RecoveryPage.PATH));
    }
}
