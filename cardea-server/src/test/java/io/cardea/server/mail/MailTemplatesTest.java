package io.cardea.server.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.support.ResourceBundleMessageSource;

/** Cardea's mail templates, and an operator's folder replacing one of them and no other. */
class MailTemplatesTest {

    private static ResourceBundleMessageSource messages() {
        ResourceBundleMessageSource m = new ResourceBundleMessageSource();
        m.setBasename("i18n/mail");
        m.setDefaultEncoding("UTF-8");
        m.setFallbackToSystemLocale(false);
        return m;
    }

    private static final Map<String, Object> MODEL = Map.of("code", "123456", "link", "https://id.example.com/x?token=t",
            "minutes", 15L);

    @Test
    void anOperatorsTemplateReplacesCardeasOfTheSameNameOnly(@TempDir Path folder) throws Exception {
        Files.createDirectories(folder.resolve("mail"));
        Files.writeString(folder.resolve("mail/recovery.txt"), "[(${product})] says: use [(${code})] at [(${link})]\n");
        MailTemplates templates = new MailTemplates(messages(), folder, "Example ID");

        Mail mail = templates.render("recovery", Locale.ENGLISH, "ada@example.com", MODEL);

        assertThat(mail.text()).isEqualTo("Example ID says: use 123456 at https://id.example.com/x?token=t\n");
        assertThat(mail.html()).as("not replaced: Cardea's").contains("Choose a new password", "123456");
        assertThat(mail.subject()).isEqualTo("Reset your Example ID password");
        assertThat(mail.purpose()).isEqualTo("recovery");
    }

    @Test
    void withoutAFolderCardeasOwnInTheReadersLanguage() {
        MailTemplates templates = new MailTemplates(messages(), null, "Cardea");

        Mail german = templates.render("recovery", Locale.GERMAN, "ada@example.com", MODEL);

        assertThat(german.subject()).isEqualTo("Setzen Sie Ihr Passwort für Cardea zurück");
        assertThat(german.text()).contains("123456", "https://id.example.com/x?token=t", "15 Minuten");
        assertThat(german.html()).contains("lang=\"de\"", "Neues Passwort wählen");
    }
}
