package io.cardea.server.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cardea.server.TestServer;
import io.cardea.testing.PostgresExtension;
import io.cardea.testing.TestDatabase;
import io.cardea.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.simple.JdbcClient;

@ExtendWith(PostgresExtension.class)
class SchemaGuardTest {

    @Test
    void refusesToStartBeforeTheExpandMigrationsRan(TestDatabase db) {
        assertThatThrownBy(() -> TestServer.start(db))
                .rootCause()
                .isInstanceOf(SchemaOutOfRange.class)
                .hasMessageContaining("refusing to start")
                .hasMessageContaining("V1 identities")
                .hasMessageContaining("`cardea migrate up`");
        // It never migrates: the database is as it was.
        assertThat(JdbcClient.create(db.dataSource()).sql("SELECT to_regclass('identities') IS NULL")
                .query(Boolean.class).single()).isTrue();
    }

    @Test
    void refusesToStartAfterANewerReleaseContracted() {
        TestDatabase db = TestPostgres.createDatabase("SchemaGuardContracted");
        TestServer.migrate(db);
        JdbcClient.create(db.dataSource()).sql("""
                INSERT INTO cardea_schema_history (version, name, phase, checksum, state, applied_by, success)
                VALUES (9000, 'drop_old_columns', 'contract', 'x', 'applied', 'test', true)""").update();

        assertThatThrownBy(() -> TestServer.start(db))
                .rootCause()
                .isInstanceOf(SchemaOutOfRange.class)
                .hasMessageContaining("V9000 drop_old_columns")
                .hasMessageContaining("does not know");
    }

    @Test
    void startsBesideExpandMigrationsOfANewerRelease() {
        TestDatabase db = TestPostgres.createDatabase("SchemaGuardExpanded");
        TestServer.migrate(db);
        JdbcClient.create(db.dataSource()).sql("""
                INSERT INTO cardea_schema_history (version, name, phase, checksum, state, applied_by, success)
                VALUES (9000, 'add_locale', 'expand', 'x', 'applied', 'test', true)""").update();

        try (TestServer server = TestServer.start(db)) {
            assertThat(server.get("/health/ready", null).status()).isEqualTo(200);
        }
    }
}
