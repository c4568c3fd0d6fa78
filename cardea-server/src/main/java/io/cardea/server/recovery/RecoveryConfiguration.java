package io.cardea.server.recovery;

import io.cardea.server.codes.AccountMail;
import io.cardea.server.codes.CodeLinks;
import io.cardea.server.codes.CodeMail;
import io.cardea.server.codes.OneTimeCodes;
import io.cardea.server.identity.IdentityStore;
import io.cardea.server.identity.NewPassword;
import io.cardea.server.mail.MailTemplates;
import io.cardea.server.mail.Outbox;
import io.cardea.server.session.SignOutEverywhere;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.transaction.support.TransactionOperations;

/** Account recovery: a forgotten password replaced with a code or link sent by mail. docs/accounts.md. */
@Configuration(proxyBeanMethods = false)
@Import({RecoveryController.class, RecoveryPage.class})
public class RecoveryConfiguration {

    @Bean
    PasswordChangedMail passwordChangedMail(MailTemplates templates, CodeLinks links) {
        return new PasswordChangedMail(templates, links);
    }

    @Bean
    Recovery recovery(IdentityStore identities, OneTimeCodes codes, CodeMail codeMail, NewPassword passwords,
            Outbox outbox, SignOutEverywhere signOut, AccountMail accountMail, PasswordChangedMail passwordChanged,
            TransactionOperations transactions) {
        return new Recovery(identities, codes, codeMail, passwords, outbox, signOut, accountMail, passwordChanged,
                transactions);
    }
}
