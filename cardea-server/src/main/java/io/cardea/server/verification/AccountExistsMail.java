package io.cardea.server.verification;

import io.cardea.server.codes.CodeLinks;
import io.cardea.server.mail.MailTemplates;
import io.cardea.server.mail.Outbox;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.servlet.support.RequestContextUtils;

/**
 * "You already have an account": what the owner of an address is told when someone signs up with
 * it, instead of the sign-up saying the address is taken. At most {@link #PER_HOUR} an hour to one
 * address, so that sign-ups cannot flood its owner.
 */
final class AccountExistsMail {

    static final int PER_HOUR = 3;

    private final JdbcClient jdbc;
    private final Outbox outbox;
    private final MailTemplates templates;
    private final CodeLinks links;

    AccountExistsMail(JdbcClient jdbc, Outbox outbox, MailTemplates templates, CodeLinks links) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.templates = templates;
        this.links = links;
    }

    void send(String email, HttpServletRequest request) {
        int recent = jdbc.sql("""
                SELECT count(*) FROM mail_outbox
                 WHERE purpose = 'account-exists' AND lower(recipient) = lower(:email)
                   AND created_at > now() - interval '1 hour'""")
                .param("email", email)
                .query(Integer.class).single();
        if (recent < PER_HOUR) {
            String base = links.base(request);
            outbox.enqueue(templates.render("account-exists", RequestContextUtils.getLocale(request), email,
                    Map.of("signIn", base + "/sign-in", "recovery", base + "/recovery")));
        }
    }
}
