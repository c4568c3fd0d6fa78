package io.cardea.server.mail;

/**
 * A message ready to send, rendered from its templates for one person.
 *
 * @param purpose what caused it, e.g. {@code verify-email}: shown to operators, never the bodies
 * @param html the HTML alternative; null for plain text only
 */
public record Mail(String recipient, String purpose, String subject, String text, String html) {

    /** The bodies hold one-time codes and links: never in a log line. */
    @Override
    public String toString() {
        return "Mail[to=" + recipient + ", purpose=" + purpose + "]";
    }
}
