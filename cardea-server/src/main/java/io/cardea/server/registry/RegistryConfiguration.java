package io.cardea.server.registry;

import io.cardea.migrate.registry.InstanceRegistry;
import io.cardea.migrate.registry.RunningRelease;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The server's entry in the instance registry, which upgrades, restores and contract migrations read. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
public class RegistryConfiguration {

    @Bean
    InstanceRegistration instanceRegistration(DataSource dataSource,
            @Value("${server.address:#{null}}") String bindAddress) {
        return new InstanceRegistration(new InstanceRegistry(dataSource), RunningRelease.version(), bindAddress);
    }
}
