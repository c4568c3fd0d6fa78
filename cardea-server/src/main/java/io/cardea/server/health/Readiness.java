package io.cardea.server.health;

import io.cardea.server.keys.SigningKeyRing;
import io.cardea.server.schema.SchemaCheck;
import io.cardea.server.schema.SchemaRange;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Whether this instance should receive traffic now, and if not, why. Anyone may ask, so the answer
 * names the problem without the database's own words (its name, host, user); those go to the log.
 */
final class Readiness {

    private static final Logger log = LoggerFactory.getLogger(Readiness.class);

    /** The answer of {@code /health/ready}; the lists are set only when the schema is out of range. */
    record Verdict(String status, String reason, List<String> missingExpand, List<String> unknownContract) {
        boolean ready() {
            return status.equals("ready");
        }
    }

    private final ServingState state;
    private final JdbcClient jdbc;
    private final SchemaCheck schema;
    private final SigningKeyRing keys;
    /** The problem logged last, so that a probe every few seconds logs an outage once, not at every probe. */
    private final AtomicReference<String> logged = new AtomicReference<>();

    Readiness(ServingState state, JdbcClient jdbc, SchemaCheck schema, SigningKeyRing keys) {
        this.state = state;
        this.jdbc = jdbc;
        this.schema = schema;
        this.keys = keys;
    }

    Verdict now() {
        if (state.draining()) {
            return notReady("shutting down", null);
        }
        if (!state.started()) {
            return notReady("starting", null);
        }
        try {
            jdbc.sql("SELECT 1").query(Integer.class).single();
        } catch (DataAccessException e) {
            return failed("database unreachable", e);
        }
        SchemaRange range;
        try {
            range = schema.check();
        } catch (RuntimeException e) {
            return failed("could not read the schema history", e);
        }
        if (!range.fits()) {
            return notReady(range.problem(), range);
        }
        // An instance that cannot sign would fail every token request and every sign-in through OAuth2.
        var keyProblem = keys.unableToSign();
        if (keyProblem.isPresent()) {
            return notReady("signing keys not loaded: " + keyProblem.get(), null);
        }
        logged.set(null);
        return new Verdict("ready", null, null, null);
    }

    private Verdict failed(String reason, RuntimeException e) {
        // The root cause's message only: the driver's words, never the configured password.
        String detail = reason + ": " + rootMessage(e);
        if (!detail.equals(logged.getAndSet(detail))) {
            log.warn("not ready, {}", detail);
        }
        return notReady(reason, null);
    }

    private static Verdict notReady(String reason, SchemaRange range) {
        return new Verdict("not_ready", reason, range == null ? null : range.missingExpand(),
                range == null ? null : range.unknownContract());
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
