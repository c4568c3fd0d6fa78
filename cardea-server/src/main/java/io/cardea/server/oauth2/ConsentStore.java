package io.cardea.server.oauth2;

import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Consents in PostgreSQL (Spring's JDBC service), each call in one transaction: the service looks up
 * the registered client while it reads a consent, and in a transaction that lookup uses the same
 * pooled connection instead of waiting for a second one (see {@link AuthorizationStore}).
 */
final class ConsentStore implements OAuth2AuthorizationConsentService {

    private final OAuth2AuthorizationConsentService jdbcService;
    private final TransactionOperations transactions;

    ConsentStore(OAuth2AuthorizationConsentService jdbcService, TransactionOperations transactions) {
        this.jdbcService = jdbcService;
        this.transactions = transactions;
    }

    @Override
    public void save(OAuth2AuthorizationConsent consent) {
        transactions.executeWithoutResult(status -> jdbcService.save(consent));
    }

    @Override
    public void remove(OAuth2AuthorizationConsent consent) {
        transactions.executeWithoutResult(status -> jdbcService.remove(consent));
    }

    @Override
    public OAuth2AuthorizationConsent findById(String registeredClientId, String principalName) {
        return transactions.execute(status -> jdbcService.findById(registeredClientId, principalName));
    }
}
