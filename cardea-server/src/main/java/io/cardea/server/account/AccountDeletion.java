package io.cardea.server.account;

import io.cardea.server.identity.IdentityStore;
import io.cardea.server.oauth2.IdentityTokens;
import io.cardea.server.session.BrowserSession.SignedIn;
import io.cardea.server.session.CurrentPassword;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionOperations;

/**
 * A signed-in person deletes their account, giving its password. The identity goes with its
 * password, sessions and one-time codes (the schema cascades), and in the same transaction every
 * OAuth2 authorization and consent it has: no access or refresh token of a deleted account is
 * honoured by introspection, userinfo or the token endpoint afterwards.
 */
final class AccountDeletion {

    private static final Logger log = LoggerFactory.getLogger(AccountDeletion.class);

    private final CurrentPassword currentPassword;
    private final IdentityStore identities;
    private final IdentityTokens tokens;
    private final TransactionOperations transactions;

    AccountDeletion(CurrentPassword currentPassword, IdentityStore identities, IdentityTokens tokens,
            TransactionOperations transactions) {
        this.currentPassword = currentPassword;
        this.identities = identities;
        this.tokens = tokens;
        this.transactions = transactions;
    }

    /** Refused with 400 {@code invalid_credentials} (field {@code password}) or 429, deleting nothing. */
    void delete(SignedIn signedIn, String password, String address) {
        currentPassword.confirm(signedIn.identity(), password, "password", address);
        UUID id = signedIn.identity().id();
        int authorizations = transactions.execute(tx -> {
            int revoked = tokens.revokeAll(id);
            identities.delete(id);
            return revoked;
        });
        // The id only: the address was personal data of an account that no longer exists.
        log.info("Identity {} deleted its account; {} OAuth2 authorizations of it revoked", id, authorizations);
    }
}
