package io.cardea.server.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Development's mail server: each message becomes a {@code .eml} file in a folder, which any mail
 * client opens, and a log line with its subject and first link, so that a flow can be followed
 * without a mail server. The line carries the link's one-time code: this is why a folder is for
 * development only.
 */
final class MailFolder implements MailTransport {

    private static final Logger log = LoggerFactory.getLogger(MailFolder.class);
    private static final Pattern LINK = Pattern.compile("https?://\\S+");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS");

    private final Path folder;
    private final String from;
    private final Session session = Session.getInstance(new Properties());

    MailFolder(Path folder, String from) {
        this.folder = folder;
        this.from = from;
    }

    @Override
    public Connection open() {
        return new Connection() {
            @Override
            public void send(String messageId, Mail mail) throws MessagingException {
                write(messageId, mail);
            }

            @Override
            public void close() {
                // Nothing is held open between files.
            }
        };
    }

    private void write(String messageId, Mail mail) throws MessagingException {
        try {
            Files.createDirectories(folder);
            String name = STAMP.format(LocalDateTime.now()) + "-" + mail.purpose() + ".eml";
            // Written beside, then moved: a reader never finds half a message.
            Path partial = folder.resolve("." + name + ".partial");
            try (OutputStream out = Files.newOutputStream(partial)) {
                MimeMail.of(session, from, messageId, mail).writeTo(out);
            }
            Path file = Files.move(partial, folder.resolve(name), StandardCopyOption.ATOMIC_MOVE);
            Matcher link = LINK.matcher(mail.text());
            log.info("mail to {}: \"{}\"{} (kept in {})", mail.recipient(), mail.subject(),
                    link.find() ? " " + link.group() : "", file);
        } catch (IOException e) {
            throw new MessagingException("could not write to " + folder + ": " + e.getMessage(), e);
        }
    }
}
