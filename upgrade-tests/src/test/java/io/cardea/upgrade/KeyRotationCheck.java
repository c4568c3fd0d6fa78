package io.cardea.upgrade;

import static io.cardea.upgrade.Answers.check;
import static io.cardea.upgrade.Answers.json;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import io.cardea.upgrade.ReleaseCrossing.Direction;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A rotation through {@code from}'s admin API reaches {@code to}: instances re-read the signing
 * keys every CARDEA_KEYS_REFRESH (10 s by default), so within {@link #AT_MOST} both publish the same
 * JWKS and sign new tokens with the keys the rotation made active, each verifying through the
 * other's JWKS.
 */
final class KeyRotationCheck {

    static final Duration AT_MOST = Duration.ofSeconds(30);

    private KeyRotationCheck() {}

    static void rotation(Direction d) throws Broken, IOException, InterruptedException {
        // now=true: the next key has not been published for the publish-ahead time in a test deployment.
        String request = "POST /admin/keys/rotate?now=true on " + d.from().release();
        var rotated = json(new Http(d.from().url()).postJson("/admin/keys/rotate?now=true", "", d.admin()), 200,
                request);
        if (!(rotated.get("signing") instanceof List<?> kids) || kids.isEmpty()) {
            throw new Broken(request + ": expected the kids that sign now, got none");
        }
        Set<String> signing = kids.stream().map(String::valueOf).collect(Collectors.toSet());

        Agreement agreed = awaitAgreement(d, signing);
        // ID tokens are RS256 whatever signs access tokens: their key rotated too.
        People.Person person = d.person("keys");
        String fromId = TokenChecks.grantOn(d.from(), d, person).id();
        String toId = TokenChecks.grantOn(d.to(), d, person).id();
        check(signing.contains(Signatures.kid(fromId)) && signing.contains(Signatures.kid(toId)), "ID tokens issued on "
                + d.from().release() + " and " + d.to().release() + " after the rotation: expected both signed with a "
                + "key the rotation made active " + signing + ", got " + Signatures.kid(fromId) + " and "
                + Signatures.kid(toId));
        String through = " after the rotation, through the JWKS of ";
        Signatures.verifies(agreed.fromToken(), agreed.toKeys(), "an access token of " + d.from().release() + through
                + d.to().release());
        Signatures.verifies(agreed.toToken(), agreed.fromKeys(), "an access token of " + d.to().release() + through
                + d.from().release());
        Signatures.verifies(fromId, agreed.toKeys(), "an ID token of " + d.from().release() + through + d.to().release());
        Signatures.verifies(toId, agreed.fromKeys(), "an ID token of " + d.to().release() + through + d.from().release());
    }

    /** Both instances' JWKS and a new client token of each, once they agree. */
    private record Agreement(JWKSet fromKeys, JWKSet toKeys, String fromToken, String toToken) {

        boolean reached(Set<String> signing) {
            Set<String> published = kids(fromKeys);
            return published.equals(kids(toKeys)) && published.containsAll(signing)
                    && signing.contains(Signatures.kid(fromToken)) && signing.contains(Signatures.kid(toToken));
        }

        /** What is still apart, in kids (public names of public keys). */
        String apart(Direction d) {
            return d.from().release() + " publishes " + kids(fromKeys) + " and signs with " + Signatures.kid(fromToken)
                    + ", " + d.to().release() + " publishes " + kids(toKeys) + " and signs with "
                    + Signatures.kid(toToken);
        }

        private static Set<String> kids(JWKSet keys) {
            return keys.getKeys().stream().map(JWK::getKeyID).collect(Collectors.toSet());
        }
    }

    private static Agreement awaitAgreement(Direction d, Set<String> signing)
            throws Broken, IOException, InterruptedException {
        long until = System.nanoTime() + AT_MOST.toNanos();
        while (true) {
            Agreement now = new Agreement(Signatures.jwks(d.from()), Signatures.jwks(d.to()),
                    d.app().clientCredentials(d.from()), d.app().clientCredentials(d.to()));
            if (now.reached(signing)) {
                return now;
            }
            if (System.nanoTime() > until) {
                throw new Broken(AT_MOST.toSeconds() + " s after a rotation on " + d.from().release()
                        + ": expected both to publish the same JWKS with " + signing + " and sign with those keys, got: "
                        + now.apart(d));
            }
            Thread.sleep(1000);
        }
    }
}
