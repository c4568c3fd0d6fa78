package io.cardea.server.mail;

import io.cardea.server.keys.SystemSecret;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * A queued message's subject and bodies as the outbox keeps them: encrypted with the system secret,
 * bound to the Message-ID so a sealed message cannot be moved to another row. Encoded as version 1:
 * a format byte, then each part as its length and UTF-8 bytes (-1 for no HTML).
 */
final class SealedMail {

    private static final int FORMAT = 1;

    private SealedMail() {}

    static byte[] seal(SystemSecret secret, String messageId, Mail mail) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            write(out, mail.subject());
            write(out, mail.text());
            write(out, mail.html());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return secret.encrypt(bytes.toByteArray(), messageId);
    }

    static Mail open(SystemSecret secret, String messageId, String recipient, String purpose, byte[] sealed) {
        byte[] plain = secret.open(sealed, messageId).plain();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(plain))) {
            int format = in.readByte();
            if (format != FORMAT) {
                throw new IllegalStateException("queued mail " + messageId + " is in format " + format
                        + ", which this release cannot read");
            }
            return new Mail(recipient, purpose, read(in), read(in), read(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(DataOutputStream out, String part) throws IOException {
        if (part == null) {
            out.writeInt(-1);
            return;
        }
        byte[] b = part.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String read(DataInputStream in) throws IOException {
        int length = in.readInt();
        return length < 0 ? null : new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
}
