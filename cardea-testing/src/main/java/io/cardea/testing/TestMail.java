package io.cardea.testing;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real SMTP server (GreenMail) on a free port of 127.0.0.1, and what the tests read of the mail
 * it received: the plain text part, the code and the link in it.
 */
public final class TestMail implements AutoCloseable {

    private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");
    private static final Pattern TOKEN = Pattern.compile("[?&]token=([A-Za-z0-9_-]+)");

    private final GreenMail greenMail;

    private TestMail(GreenMail greenMail) {
        this.greenMail = greenMail;
    }

    public static TestMail start() {
        GreenMail g = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        g.start();
        return new TestMail(g);
    }

    public int port() {
        return greenMail.getSmtp().getPort();
    }

    /** A server's settings to send here: plain SMTP on loopback, and quick polling. */
    public Map<String, String> settings() {
        return Map.of("cardea.mail.smtp.host", "127.0.0.1", "cardea.mail.smtp.port", Integer.toString(port()),
                "cardea.mail.smtp.security", "none", "cardea.mail.from", "Example <no-reply@example.com>",
                "cardea.mail.poll-interval", "100ms");
    }

    /** The same as {@link #settings()}, as the lines of a deployment's {@code cardea.env}. */
    public String environment() {
        return "CARDEA_MAIL_SMTP_HOST=127.0.0.1\nCARDEA_MAIL_SMTP_PORT=" + port() + "\nCARDEA_MAIL_SMTP_SECURITY=none\n"
                + "CARDEA_MAIL_FROM=no-reply@example.com\nCARDEA_MAIL_POLL_INTERVAL=200ms\n";
    }

    /** A message as received. */
    public record Received(MimeMessage message, String to, String subject, String text, String html) {

        /** The six-digit code in the text. */
        public String code() {
            Matcher m = CODE.matcher(text);
            if (!m.find()) {
                throw new AssertionError("no code in: " + text);
            }
            return m.group(1);
        }

        /** The token of the link in the text. */
        public String linkToken() {
            Matcher m = TOKEN.matcher(text);
            if (!m.find()) {
                throw new AssertionError("no link in: " + text);
            }
            return m.group(1);
        }

        public String messageId() {
            try {
                return message.getMessageID();
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Every message received so far, in order. */
    public List<Received> all() {
        return Arrays.stream(greenMail.getReceivedMessages()).map(TestMail::read).toList();
    }

    /** Every message received so far for {@code to}. */
    public List<Received> to(String to) {
        return all().stream().filter(r -> r.to().equalsIgnoreCase(to)).toList();
    }

    /** Waits up to 20 s for the {@code n}-th message to {@code to} and returns it. */
    public Received awaitNth(String to, int n) {
        return awaitNth(to, "", n);
    }

    /** Waits for the first message to {@code to}. */
    public Received await(String to) {
        return awaitNth(to, 1);
    }

    /** Waits for the first message to {@code to} whose subject contains {@code subject}. */
    public Received await(String to, String subject) {
        return awaitNth(to, subject, 1);
    }

    /** Waits up to 20 s for the {@code n}-th message to {@code to} whose subject contains {@code subject}. */
    public Received awaitNth(String to, String subject, int n) {
        Instant until = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(until)) {
            List<Received> got = to(to).stream().filter(r -> r.subject().contains(subject)).toList();
            if (got.size() >= n) {
                return got.get(n - 1);
            }
            sleep();
        }
        throw new AssertionError("message " + n + " to " + to + " about \"" + subject + "\" did not arrive within 20 s;"
                + " received: " + all().stream().map(r -> r.to() + " " + r.subject()).toList());
    }

    private static Received read(MimeMessage m) {
        try {
            String text = null;
            String html = null;
            Object content = m.getContent();
            if (content instanceof Multipart parts) {
                for (int i = 0; i < parts.getCount(); i++) {
                    BodyPart p = parts.getBodyPart(i);
                    if (p.isMimeType("text/plain")) {
                        text = (String) p.getContent();
                    } else if (p.isMimeType("text/html")) {
                        html = (String) p.getContent();
                    }
                }
            } else {
                text = (String) content;
            }
            return new Received(m, m.getAllRecipients()[0].toString(), m.getSubject(), text, html);
        } catch (Exception e) {
            throw new IllegalStateException("could not read a received message", e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        greenMail.stop();
    }
}
