package io.cardea.server.cli;

import io.cardea.migrate.MigrationException;
import io.cardea.server.CardeaServer;
import io.cardea.server.RunningServer;
import io.cardea.server.ServerOptions;
import io.cardea.server.keys.MissingSecret;
import io.cardea.server.schema.SchemaOutOfRange;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.Optional;
import org.springframework.aot.AotDetector;
import org.springframework.util.ClassUtils;

/** Starts a server for a command, and turns a failed start into one line that says what to do. */
final class Startup {

    private Startup() {}

    /**
     * The running server, after printing how long the process took to start it and how; or empty after
     * printing why it could not start.
     */
    static Optional<RunningServer> start(ServerOptions options, PrintWriter out, PrintWriter err) {
        // The command prints a failed start itself, once and with the fix; Spring's own report of it
        // would bury that line under a stack trace.
        System.setProperty("org.slf4j.simpleLogger.log.org.springframework.boot.SpringApplication", "off");
        System.setProperty("org.slf4j.simpleLogger.log.org.springframework.boot.web.server.servlet.context", "error");
        useAheadOfTimePreparation();
        try {
            RunningServer server = CardeaServer.start(options);
            out.println(startedIn() + (server.preparedAheadOfTime() ? " (configuration prepared at build time)"
                    : " (configuration read at start: these classes were built without Spring AOT)"));
            out.flush();
            return Optional.of(server);
        } catch (RuntimeException e) {
            err.println("cardea: " + explain(e));
            err.flush();
            return Optional.empty();
        }
    }

    /**
     * A built Cardea carries the code Spring's AOT processing generated from its configuration (see
     * cardea-server's pom.xml): with it, the server skips reading its configuration classes and wires
     * its beans directly, which saves about a fifth of the CPU a start takes. Which beans exist was
     * decided at build time; settings still bind at start. Tests start {@link CardeaServer} without it,
     * so each sees its settings decided at run time; so does a start from classes compiled without the
     * processing.
     */
    private static void useAheadOfTimePreparation() {
        if (ClassUtils.isPresent(CardeaServer.class.getName() + "__ApplicationContextInitializer",
                Startup.class.getClassLoader())) {
            System.setProperty(AotDetector.AOT_ENABLED, "true");
        }
    }

    /**
     * Since the JVM began, to the millisecond. Not the process's start instant: Linux gives that
     * counted from a boot time in whole seconds, which made a 1.1 s start read as 1.9 s.
     */
    private static String startedIn() {
        return String.format(Locale.ROOT, "Started in %.2f s", ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0);
    }

    /** Cardea's own exceptions say what to do; anything else is reported by its root cause. */
    private static String explain(Throwable e) {
        Throwable root = e;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SchemaOutOfRange || t instanceof MigrationException || t instanceof MissingSecret) {
                return t.getMessage();
            }
            root = t;
        }
        return "the server could not start: " + root.getMessage();
    }
}
