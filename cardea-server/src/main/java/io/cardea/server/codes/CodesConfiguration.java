package io.cardea.server.codes;

import io.cardea.server.fleet.Feature;
import io.cardea.server.fleet.FleetFeatures;
import io.cardea.server.identity.IdentityStore;
import io.cardea.server.keys.SystemSecret;
import io.cardea.server.mail.MailSettings;
import io.cardea.server.mail.MailTemplates;
import io.cardea.server.mail.Outbox;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionOperations;

/** One-time codes sent by mail, which email verification and account recovery send and redeem. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CodeSettings.class)
public class CodesConfiguration {

    @Bean
    OneTimeCodes oneTimeCodes(JdbcClient jdbc, SystemSecret secret, CodeSettings settings) {
        return new OneTimeCodes(jdbc, secret, settings);
    }

    @Bean
    Feature accountMailFeature() {
        return AccountMail.FEATURE;
    }

    @Bean
    AccountMail accountMail(MailSettings mail, FleetFeatures fleet) {
        return new AccountMail(mail, fleet);
    }

    /** @param issuer env {@code CARDEA_OAUTH2_ISSUER} */
    @Bean
    CodeLinks codeLinks(@Value("${cardea.oauth2.issuer:}") String issuer) {
        return new CodeLinks(issuer);
    }

    @Bean
    CodeMail codeMail(OneTimeCodes codes, IdentityStore identities, Outbox outbox, MailTemplates templates,
            CodeLinks links, TransactionOperations transactions) {
        return new CodeMail(codes, identities, outbox, templates, links, transactions);
    }

    @Bean
    CodePurge codePurge(JdbcClient jdbc, TransactionOperations transactions, CodeSettings settings) {
        return new CodePurge(jdbc, transactions, settings);
    }
}
