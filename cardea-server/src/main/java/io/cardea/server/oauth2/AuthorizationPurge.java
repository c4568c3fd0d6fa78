package io.cardea.server.oauth2;

import io.cardea.server.purge.BatchedPurge;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Deletes what no request can use any more: client_credentials access tokens past their expiry,
 * spent refresh tokens past the expiry they had (presented again, they would be refused as
 * expired anyway), rotated refresh tokens whose access token has expired too, and authorizations
 * whose every code and token has expired, with their spent refresh tokens. An authorization with a
 * row left in {@code oauth2_refresh_token} still has a live token there, and is kept; so are
 * authorizations still waiting for consent, which have no expiry yet.
 */
final class AuthorizationPurge {

    /** "Auth" in ASCII: an advisory lock key of its own. */
    static final long LOCK = 0x41757468L;

    private final BatchedPurge purge;

    AuthorizationPurge(JdbcClient jdbc, TransactionOperations transactions) {
        this.purge = new BatchedPurge(jdbc, transactions, LOCK, "expired OAuth2 tokens and authorizations", """
                DELETE FROM oauth2_access_token WHERE token_hash IN (
                    SELECT token_hash FROM oauth2_access_token WHERE expires_at <= now()
                     LIMIT :batch FOR UPDATE SKIP LOCKED)""", """
                DELETE FROM oauth2_spent_refresh_token WHERE token_hash IN (
                    SELECT token_hash FROM oauth2_spent_refresh_token WHERE expires_at <= now()
                     LIMIT :batch FOR UPDATE SKIP LOCKED)""", """
                DELETE FROM oauth2_refresh_token WHERE token_hash IN (
                    SELECT token_hash FROM oauth2_refresh_token
                     WHERE expires_at <= now() AND (access_token_expires_at IS NULL OR access_token_expires_at <= now())
                     LIMIT :batch FOR UPDATE SKIP LOCKED)""", """
                DELETE FROM oauth2_authorization WHERE id IN (
                    SELECT id FROM oauth2_authorization a
                     WHERE greatest(authorization_code_expires_at, access_token_expires_at, oidc_id_token_expires_at,
                                    refresh_token_expires_at, user_code_expires_at, device_code_expires_at) <= now()
                       AND NOT EXISTS (SELECT 1 FROM oauth2_refresh_token r WHERE r.authorization_id = a.id)
                     LIMIT :batch FOR UPDATE SKIP LOCKED)""");
    }

    @Scheduled(initialDelayString = "${cardea.oauth2.purge-interval:10m}",
            fixedDelayString = "${cardea.oauth2.purge-interval:10m}")
    void scheduled() {
        purge.runAndLog();
    }

    /** Deletes everything expired, batch by batch; returns how many rows, or 0 when another instance is at it. */
    long purge() {
        return purge.run();
    }
}
