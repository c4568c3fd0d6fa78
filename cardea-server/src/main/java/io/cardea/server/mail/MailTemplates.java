package io.cardea.server.mail;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.context.MessageSource;
import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.AbstractConfigurableTemplateResolver;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;
import org.thymeleaf.templateresolver.FileTemplateResolver;

/**
 * Renders a mail from its templates: {@code mail/NAME.txt} and {@code mail/NAME.html} (Thymeleaf),
 * its subject {@code mail.NAME.subject} from the message bundle, in the reader's language. An
 * operator's folder ({@code cardea.mail.templates}) replaces any of Cardea's templates by a file of
 * the same name under its {@code mail/}; the others stay Cardea's.
 */
public final class MailTemplates {

    private final SpringTemplateEngine engine = new SpringTemplateEngine();
    private final MessageSource messages;
    private final String product;

    MailTemplates(MessageSource messages, Path operatorFolder, String product) {
        this.messages = messages;
        this.product = product;
        int order = 1;
        if (operatorFolder != null) {
            FileTemplateResolver text = new FileTemplateResolver();
            FileTemplateResolver html = new FileTemplateResolver();
            String prefix = operatorFolder.resolve("mail").toAbsolutePath() + "/";
            engine.addTemplateResolver(configure(text, prefix, TemplateMode.TEXT, order++));
            engine.addTemplateResolver(configure(html, prefix, TemplateMode.HTML, order++));
        }
        engine.addTemplateResolver(configure(new ClassLoaderTemplateResolver(), "templates/mail/", TemplateMode.TEXT,
                order++));
        engine.addTemplateResolver(configure(new ClassLoaderTemplateResolver(), "templates/mail/", TemplateMode.HTML,
                order));
        engine.setTemplateEngineMessageSource(messages);
    }

    private static AbstractConfigurableTemplateResolver configure(AbstractConfigurableTemplateResolver r, String prefix,
            TemplateMode mode, int order) {
        r.setPrefix(prefix);
        r.setTemplateMode(mode);
        r.setResolvablePatterns(Set.of(mode == TemplateMode.TEXT ? "*.txt" : "*.html"));
        r.setCharacterEncoding("UTF-8");
        r.setCheckExistence(true);
        r.setOrder(order);
        return r;
    }

    /**
     * The mail {@code name} to {@code recipient}; the templates see {@code product} and {@code model}.
     * {@code purpose} names it for operators.
     */
    public Mail render(String name, Locale locale, String recipient, Map<String, ?> model) {
        Map<String, Object> variables = new HashMap<>(model);
        variables.put("product", product);
        variables.put("recipient", recipient);
        Context context = new Context(locale, variables);
        String subject = messages.getMessage("mail." + name + ".subject", new Object[] {product}, locale);
        return new Mail(recipient, name, subject, engine.process(name + ".txt", context),
                engine.process(name + ".html", context));
    }
}
