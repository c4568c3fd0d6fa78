package io.cardea.server.keys;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Moves what the system secret protects (the private signing keys) from an older value of
 * {@code CARDEA_SECRETS_SYSTEM} to the first one, so that the older value can be dropped. The
 * servers do it lazily for every key they read; {@code cardea secrets reencrypt} does it for all at
 * once, and {@code cardea secrets status} says whether anything still needs an older value.
 */
public final class SecretRollover {

    private final DataSource dataSource;
    private final SystemSecret secret;

    public SecretRollover(DataSource dataSource, SystemSecret secret) {
        this.dataSource = dataSource;
        this.secret = secret;
    }

    /** The kids of the keys still encrypted under an older value. */
    public List<String> underOlderValues() {
        return sweep(false);
    }

    /** Encrypts under the first value every key still under an older one; returns their kids. */
    public List<String> reencrypt() {
        return sweep(true);
    }

    /**
     * Replaces one key's ciphertext, unless another instance replaced it first: the row is changed
     * only if it still holds what this instance read.
     */
    void reencrypt(String kid, byte[] stored, byte[] plain) {
        try (Connection c = dataSource.getConnection()) {
            reencrypt(c, kid, stored, plain);
        } catch (SQLException e) {
            throw new IllegalStateException("could not re-encrypt signing key " + kid + ": " + e.getMessage(), e);
        }
    }

    private List<String> sweep(boolean reencrypt) {
        List<String> kids = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement st = c.prepareStatement("SELECT kid, private_key FROM signing_keys ORDER BY kid");
                ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                String kid = rs.getString(1);
                byte[] stored = rs.getBytes(2);
                SystemSecret.Opened opened = secret.open(stored, kid);
                if (!opened.underCurrentValue()) {
                    kids.add(kid);
                    if (reencrypt) {
                        reencrypt(c, kid, stored, opened.plain());
                    }
                }
            }
            return kids;
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the signing keys: " + e.getMessage(), e);
        }
    }

    private void reencrypt(Connection c, String kid, byte[] stored, byte[] plain) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "UPDATE signing_keys SET private_key = ? WHERE kid = ? AND private_key = ?")) {
            st.setBytes(1, secret.encrypt(plain, kid));
            st.setString(2, kid);
            st.setBytes(3, stored);
            st.executeUpdate();
        }
    }
}
