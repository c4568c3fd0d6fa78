package io.cardea.server.mail;

import jakarta.mail.MessagingException;

/** Where {@link MailDelivery} hands a message: an SMTP server, or a folder in development. */
interface MailTransport {

    /**
     * Sends one message under {@code messageId}. Throws {@link jakarta.mail.SendFailedException} when
     * the server refuses the recipient for good, another {@link MessagingException} when a later
     * attempt may succeed.
     */
    void send(String messageId, Mail mail) throws MessagingException;
}
