package io.cardea.server.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cardea.server.TestServer;
import io.cardea.server.identity.SignUpThrottleSettings;
import io.cardea.server.web.RequestRefused;
import io.cardea.testing.PostgresExtension;
import io.cardea.testing.TestDatabase;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sign-in failures and sign-up attempts past their window go by the purge, not by requests (that it
 * runs on a schedule: {@code SessionPurgeTest}).
 */
@ExtendWith(PostgresExtension.class)
class ThrottlePurgeTest {

    static JdbcClient sql;
    static ThrottlePurge purge;
    static SignInThrottle signIn;

    @BeforeAll
    static void migrate(TestDatabase db) {
        TestServer.migrate(db);
        sql = JdbcClient.create(db.dataSource());
        var signInSettings = new SignInThrottleSettings(Duration.ofMinutes(15), 5, 50);
        purge = new ThrottlePurge(sql, new TransactionTemplate(new JdbcTransactionManager(db.dataSource())),
                signInSettings, new SignUpThrottleSettings(Duration.ofHours(1), 30));
        signIn = new SignInThrottle(sql, signInSettings);
    }

    @BeforeEach
    void empty() {
        sql.sql("DELETE FROM sign_in_failures").update();
        sql.sql("DELETE FROM sign_up_attempts").update();
    }

    /** {@code count} rows {@code age} old (a PostgreSQL interval) into the throttle's table. */
    private static void failures(int count, String email, String age) {
        sql.sql("""
                INSERT INTO sign_in_failures (email_lower, ip_address, failed_at)
                SELECT :email, '192.0.2.1', now() - CAST(:age AS interval) FROM generate_series(1, :count)""")
                .param("email", email).param("age", age).param("count", count).update();
    }

    private static void signUps(int count, String age) {
        sql.sql("""
                INSERT INTO sign_up_attempts (ip_address, attempted_at)
                SELECT '192.0.2.2', now() - CAST(:age AS interval) FROM generate_series(1, :count)""")
                .param("age", age).param("count", count).update();
    }

    private static long count(String table) {
        return sql.sql("SELECT count(*) FROM " + table).query(Long.class).single();
    }

    @Test
    void rowsPastTheirWindowAreDeletedInBatchesAndRowsInItKept() {
        failures(2500, "gone@example.com", "20 minutes");
        failures(1, "gone@example.com", "30 minutes");
        failures(5, "held@example.com", "5 minutes");
        signUps(1200, "2 hours");
        // Past the sign-in window, inside the sign-up one: each table by its own window.
        signUps(2, "30 minutes");

        long purged = purge.purge();

        assertThat(purged).isEqualTo(2500 + 1 + 1200);
        assertThat(sql.sql("SELECT DISTINCT email_lower FROM sign_in_failures").query(String.class).list())
                .containsExactly("held@example.com");
        assertThat(count("sign_in_failures")).isEqualTo(5);
        assertThat(count("sign_up_attempts")).isEqualTo(2);
        assertThatThrownBy(() -> signIn.check("held@example.com", "192.0.2.9"))
                .as("the failures in the window still count").isInstanceOf(RequestRefused.class);
        assertThat(purge.purge()).isZero();
    }

    @Test
    void aFailedSignInDeletesNothing() {
        failures(3, "old@example.com", "1 hour");

        // The throttle used to delete old rows on 1 failure in 100: 500 would have done it (but for 0.7 %).
        for (int i = 0; i < 500; i++) {
            signIn.failed("guess" + i + "@example.com", "192.0.2.3");
        }

        assertThat(count("sign_in_failures")).isEqualTo(503);
    }

}
