package io.cardea.server.mail;

import io.cardea.server.keys.SystemSecret;
import io.cardea.server.registry.ThisProcess;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Outgoing mail: the outbox every capability queues to, its delivery over SMTP (or to a folder in
 * development), the templates, and the admin API's view of it. docs/mail.md.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MailSettings.class)
@Import(AdminMailController.class)
public class MailConfiguration {

    private static final Logger log = LoggerFactory.getLogger(MailConfiguration.class);

    @Bean
    Outbox outbox(JdbcClient jdbc, SystemSecret secret, MailSettings settings) {
        return new Outbox(jdbc, secret, settings);
    }

    /** @param product env {@code CARDEA_BRANDING_PRODUCT_NAME}: how mails and pages name the service */
    @Bean
    MailTemplates mailTemplates(MailSettings settings,
            @Value("${cardea.branding.product-name:Cardea}") String product) {
        ResourceBundleMessageSource messages = new ResourceBundleMessageSource();
        messages.setBasename("i18n/mail");
        messages.setDefaultEncoding("UTF-8");
        messages.setFallbackToSystemLocale(false);
        return new MailTemplates(messages, settings.templates(), product);
    }

    @Bean
    MailDelivery mailDelivery(JdbcClient jdbc, SystemSecret secret, MailSettings settings, MeterRegistry registry) {
        MailTransport transport;
        if (settings.folder() != null) {
            log.info("mail is kept in {}, not sent: a setting for development only", settings.folder().toAbsolutePath());
            transport = new MailFolder(settings.folder(), settings.from());
        } else if (settings.configured()) {
            transport = new SmtpTransport(settings);
        } else {
            log.info("no mail server is set (CARDEA_MAIL_SMTP_HOST): recovery and email verification are off");
            transport = null;
        }
        return new MailDelivery(jdbc, secret, transport, settings, ThisProcess.name(), registry);
    }

    @Bean
    OutboxPurge outboxPurge(JdbcClient jdbc, TransactionOperations transactions) {
        return new OutboxPurge(jdbc, transactions);
    }
}
