package io.cardea.server.mail;

import jakarta.mail.MessagingException;

/** Where {@link MailDelivery} hands messages: an SMTP server, or a folder in development. */
interface MailTransport {

    /** A run of sends that may share one connection; closed once the run is over. */
    interface Connection extends AutoCloseable {

        /**
         * Sends one message under {@code messageId}. Throws {@link jakarta.mail.SendFailedException}
         * when the server refuses the recipient for good, another {@link MessagingException} when a
         * later attempt may succeed.
         */
        void send(String messageId, Mail mail) throws MessagingException;

        @Override
        void close();
    }

    /** A connection for a batch; nothing is opened before the first send. */
    Connection open();
}
