package io.cardea.server.verification;

import io.cardea.server.codes.AccountMail;
import io.cardea.server.codes.CodeMail;
import io.cardea.server.codes.OneTimeCodes;
import io.cardea.server.identity.IdentityStore;
import io.cardea.server.codes.CodeLinks;
import io.cardea.server.mail.MailTemplates;
import io.cardea.server.mail.Outbox;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Email verification: a code and a link mailed at sign-up, which prove the address receives the
 * identity's mail. Registration starts it through {@link io.cardea.server.identity.SignUpVerification}.
 * docs/design/accounts.md.
 */
@Configuration(proxyBeanMethods = false)
@Import({VerificationController.class, VerificationPage.class})
public class VerificationConfiguration {

    @Bean
    EmailVerification emailVerification(IdentityStore identities, OneTimeCodes codes, CodeMail codeMail,
            AccountMail accountMail, TransactionOperations transactions, JdbcClient jdbc, Outbox outbox,
            MailTemplates templates, CodeLinks links) {
        return new EmailVerification(identities, codes, codeMail, accountMail, transactions,
                new AccountExistsMail(jdbc, outbox, templates, links));
    }
}
