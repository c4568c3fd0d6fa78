package io.cardea.server;

import io.cardea.server.account.AccountConfiguration;
import io.cardea.server.admin.AdminConfiguration;
import io.cardea.server.deprecation.DeprecationConfiguration;
import io.cardea.server.fleet.FleetConfiguration;
import io.cardea.server.health.HealthConfiguration;
import io.cardea.server.identity.IdentityConfiguration;
import io.cardea.server.keys.KeysConfiguration;
import io.cardea.server.codes.CodesConfiguration;
import io.cardea.server.mail.MailConfiguration;
import io.cardea.server.recovery.RecoveryConfiguration;
import io.cardea.server.verification.VerificationConfiguration;
import io.cardea.server.metrics.MetricsConfiguration;
import io.cardea.server.oauth2.OAuth2Configuration;
import io.cardea.server.pages.PagesConfiguration;
import io.cardea.server.registry.RegistryConfiguration;
import io.cardea.server.schema.SchemaConfiguration;
import io.cardea.server.session.SessionConfiguration;
import io.cardea.server.web.WebConfiguration;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.slf4j.bridge.SLF4JBridgeHandler;
import org.springframework.aot.AotDetector;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.MapPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The identity server's Spring application. Each capability is imported by name rather than found
 * by scanning the classpath, which keeps startup short and the list of what runs in one place.
 *
 * <p>Spring Boot's transaction auto-configuration is left out: its support for {@code @Transactional}
 * examines every method of every bean at start, and Cardea has none; its transactions run through
 * the {@link TransactionTemplate} declared here.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration(exclude = TransactionAutoConfiguration.class)
@Import({WebConfiguration.class, MetricsConfiguration.class, SchemaConfiguration.class, HealthConfiguration.class,
        IdentityConfiguration.class, SessionConfiguration.class, AdminConfiguration.class, KeysConfiguration.class,
        OAuth2Configuration.class, PagesConfiguration.class, RegistryConfiguration.class, FleetConfiguration.class,
        DeprecationConfiguration.class, MailConfiguration.class, CodesConfiguration.class,
        RecoveryConfiguration.class, VerificationConfiguration.class, AccountConfiguration.class})
public class CardeaServer {

    @Bean
    TransactionTemplate transactionTemplate(PlatformTransactionManager transactionManager) {
        return new TransactionTemplate(transactionManager);
    }

    /**
     * Starts a server and returns once it accepts requests. Throws if it cannot start, for example
     * with a {@link io.cardea.server.schema.SchemaOutOfRange} when the database's schema does not fit
     * this release.
     */
    public static RunningServer start(ServerOptions options) {
        routeLoggingToSlf4j();
        SpringApplication app = application(options);
        CountDownLatch closed = new CountDownLatch(1);
        app.addListeners((ContextClosedEvent e) -> closed.countDown());
        ConfigurableApplicationContext context = app.run();
        return new RunningServer(context, closed, AotDetector.useGeneratedArtifacts());
    }

    /**
     * The build's Spring AOT processing (this module's pom.xml) runs the application from here, as
     * {@link #start} makes it; the processor stops the run once the configuration is read, before
     * anything connects or listens, and generates the code that wires its beans.
     */
    static void main(String[] args) {
        routeLoggingToSlf4j();
        application(new ServerOptions("jdbc:postgresql://localhost/cardea", null, null, "127.0.0.1", 0, Map.of()))
                .run(args);
    }

    private static SpringApplication application(ServerOptions options) {
        SpringApplication app = new SpringApplication(CardeaServer.class);
        // Spring finds the generated initializer by the name of this class, not by the command's main class.
        app.setMainApplicationClass(CardeaServer.class);
        app.setWebApplicationType(WebApplicationType.SERVLET);
        app.setDefaultProperties(defaults());
        app.addInitializers(context -> context.getEnvironment().getPropertySources()
                .addFirst(new MapPropertySource("cardea-options", properties(options))));
        return app;
    }

    private static Map<String, Object> properties(ServerOptions options) {
        Map<String, Object> p = new LinkedHashMap<>(options.settings());
        p.put("spring.datasource.url", options.databaseUrl());
        if (options.databaseUser() != null) {
            p.put("spring.datasource.username", options.databaseUser());
        }
        if (options.databasePassword() != null) {
            p.put("spring.datasource.password", options.databasePassword());
        }
        p.put("server.address", options.bind());
        p.put("server.port", options.port());
        return p;
    }

    private static Properties defaults() {
        try (InputStream in = CardeaServer.class.getResourceAsStream("defaults.properties")) {
            Properties p = new Properties();
            p.load(in);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Cardea logs through SLF4J like the rest of the {@code cardea} command; Spring Boot is told not to
     * set up a logging system of its own, and Tomcat's java.util.logging is bridged to SLF4J.
     */
    private static void routeLoggingToSlf4j() {
        if (System.getProperty(LoggingSystem.SYSTEM_PROPERTY) == null) {
            System.setProperty(LoggingSystem.SYSTEM_PROPERTY, LoggingSystem.NONE);
        }
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
    }
}
