package io.cardea.server.account;

import io.cardea.server.mail.MailTemplates;
import io.cardea.server.codes.OneTimeCodes;
import io.cardea.server.codes.CodeMail;
import io.cardea.server.codes.AccountMail;
import io.cardea.server.identity.IdentityStore;
import io.cardea.server.identity.NewPassword;
import io.cardea.server.mail.Outbox;
import io.cardea.server.oauth2.IdentityTokens;
import io.cardea.server.pages.MaintenanceBanner;
import io.cardea.server.recovery.PasswordChangedMail;
import io.cardea.server.session.BrowserSession;
import io.cardea.server.session.CurrentPassword;
import io.cardea.server.session.SignOutEverywhere;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.transaction.support.TransactionOperations;

/**
 * The signed-in person's own account: its profile, a new password, its sessions, and deleting it;
 * as pages ({@code /account}) and as JSON ({@code /self-service/account}). docs/accounts.md.
 */
@Configuration(proxyBeanMethods = false)
@Import({AccountController.class, ProfilePage.class, PasswordPage.class, SessionsPage.class, DeletionPage.class,
        EmailPage.class})
public class AccountConfiguration {

    @Bean
    PasswordChange passwordChange(CurrentPassword currentPassword, NewPassword passwords, IdentityStore identities,
            SignOutEverywhere signOut, AccountMail accountMail, Outbox outbox, PasswordChangedMail passwordChanged,
            TransactionOperations transactions) {
        return new PasswordChange(currentPassword, passwords, identities, signOut, accountMail, outbox, passwordChanged,
                transactions);
    }

    @Bean
    AccountDeletion accountDeletion(CurrentPassword currentPassword, IdentityStore identities, IdentityTokens tokens,
            TransactionOperations transactions) {
        return new AccountDeletion(currentPassword, identities, tokens, transactions);
    }

    @Bean
    EmailChange emailChange(CurrentPassword currentPassword, IdentityStore identities, OneTimeCodes codes,
            CodeMail codeMail, AccountMail accountMail, Outbox outbox, MailTemplates templates,
            TransactionOperations transactions) {
        return new EmailChange(currentPassword, identities, codes, codeMail, accountMail, outbox, templates,
                transactions);
    }

    @Bean
    SignedInPages signedInPages(BrowserSession browser, MaintenanceBanner banner) {
        return new SignedInPages(browser, banner);
    }
}
