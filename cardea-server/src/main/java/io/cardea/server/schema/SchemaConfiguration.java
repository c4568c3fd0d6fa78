package io.cardea.server.schema;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The schema guard: a server never migrates its database, and refuses to start on a schema this
 * release cannot run on. The check runs before the web server opens its port.
 */
@Configuration(proxyBeanMethods = false)
public class SchemaConfiguration {

    @Bean
    SchemaCheck schemaCheck(DataSourceProperties database) {
        return new SchemaCheck(database);
    }

    @Bean
    InitializingBean schemaGuard(SchemaCheck check) {
        return () -> {
            SchemaRange range = check.check();
            if (!range.fits()) {
                throw new SchemaOutOfRange(range);
            }
        };
    }
}
