package io.cardea.server.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.charset.StandardCharsets;
import java.util.Date;

/** A {@link Mail} as a MIME message: plain text, with the HTML as its alternative when there is one. */
final class MimeMail extends MimeMessage {

    private final String messageId;

    private MimeMail(Session session, String messageId) {
        super(session);
        this.messageId = messageId;
    }

    static MimeMessage of(Session session, String from, String messageId, Mail mail) throws MessagingException {
        MimeMail m = new MimeMail(session, messageId);
        m.setFrom(new InternetAddress(from, true));
        m.setRecipient(MimeMessage.RecipientType.TO, new InternetAddress(mail.recipient(), true));
        m.setSubject(mail.subject(), StandardCharsets.UTF_8.name());
        m.setSentDate(new Date());
        m.setHeader("Auto-Submitted", "auto-generated");
        if (mail.html() == null) {
            m.setText(mail.text(), StandardCharsets.UTF_8.name());
        } else {
            MimeBodyPart text = new MimeBodyPart();
            text.setText(mail.text(), StandardCharsets.UTF_8.name());
            MimeBodyPart html = new MimeBodyPart();
            html.setText(mail.html(), StandardCharsets.UTF_8.name(), "html");
            m.setContent(new MimeMultipart("alternative", text, html));
        }
        m.saveChanges();
        return m;
    }

    /** Keeps the outbox's Message-ID on every attempt, instead of a new one per send. */
    @Override
    protected void updateMessageID() throws MessagingException {
        setHeader("Message-ID", messageId);
    }
}
