package io.cardea.server.keys;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The token signing keys, and the system secret that protects them. */
@Configuration(proxyBeanMethods = false)
public class KeysConfiguration {

    /** @param systemSecret env {@code CARDEA_SECRETS_SYSTEM}; checked when the ring loads its keys */
    @Bean
    SigningKeyRing signingKeyRing(JdbcClient jdbc, @Value("${cardea.secrets.system:}") String systemSecret) {
        return new SigningKeyRing(jdbc, systemSecret);
    }
}
