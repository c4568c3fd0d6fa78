package io.cardea.server.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import java.util.Properties;

/**
 * Sends through an SMTP server with Jakarta Mail (Angus Mail): STARTTLS required by default, or
 * implicit TLS, with the server's certificate and name checked; authentication when a username is set.
 */
final class SmtpTransport implements MailTransport {

    private final Session session;
    private final MailSettings.Smtp smtp;
    private final String from;

    SmtpTransport(MailSettings settings) {
        this.smtp = settings.smtp();
        this.from = settings.from();
        Properties p = new Properties();
        String protocol = smtp.security().equals("tls") ? "smtps" : "smtp";
        p.put("mail.transport.protocol", protocol);
        String prefix = "mail." + protocol + ".";
        p.put(prefix + "host", smtp.host());
        p.put(prefix + "port", Integer.toString(smtp.port()));
        String timeout = Long.toString(smtp.timeout().toMillis());
        p.put(prefix + "connectiontimeout", timeout);
        p.put(prefix + "timeout", timeout);
        p.put(prefix + "writetimeout", timeout);
        p.put(prefix + "auth", Boolean.toString(authenticates()));
        if (smtp.security().equals("starttls")) {
            p.put(prefix + "starttls.enable", "true");
            p.put(prefix + "starttls.required", "true");
        }
        if (!smtp.security().equals("none")) {
            p.put(prefix + "ssl.checkserveridentity", "true");
            if (smtp.trustedCertificates() != null) {
                p.put(prefix + "ssl.socketFactory", TrustedCertificates.socketFactory(smtp.trustedCertificates()));
            }
        }
        this.session = Session.getInstance(p);
    }

    private boolean authenticates() {
        return smtp.username() != null && !smtp.username().isBlank();
    }

    /**
     * One SMTP connection for a whole batch, opened at its first send: a connection's greeting,
     * EHLO, STARTTLS and authentication cost more than a message. A send that fails closes it, and
     * the next send opens a new one.
     */
    @Override
    public Connection open() {
        return new Connection() {
            private Transport transport;

            @Override
            public void send(String messageId, Mail mail) throws MessagingException {
                var message = MimeMail.of(session, from, messageId, mail);
                try {
                    if (transport == null || !transport.isConnected()) {
                        transport = connect();
                    }
                    transport.sendMessage(message, message.getAllRecipients());
                } catch (MessagingException | RuntimeException e) {
                    close();
                    throw e;
                }
            }

            @Override
            public void close() {
                if (transport != null) {
                    try {
                        transport.close();
                    } catch (MessagingException e) {
                        // Closing a connection that already failed: nothing is left to do.
                    }
                    transport = null;
                }
            }
        };
    }

    private Transport connect() throws MessagingException {
        Transport transport = session.getTransport();
        if (authenticates()) {
            transport.connect(smtp.username(), smtp.password());
        } else {
            transport.connect();
        }
        return transport;
    }
}
