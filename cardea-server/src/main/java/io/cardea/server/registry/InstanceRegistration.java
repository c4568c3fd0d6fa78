package io.cardea.server.registry;

import io.cardea.migrate.registry.Instance;
import io.cardea.migrate.registry.InstanceRegistry;
import io.cardea.migrate.registry.InstanceState;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * This server's row in the instance registry: written as {@code starting} once the port is open,
 * {@code serving} when ready, {@code draining} when shutdown begins, kept fresh by a heartbeat and
 * removed at exit. The registry is for operators and their commands; a database error here is
 * logged and retried on the next heartbeat, never allowed to stop the server from serving.
 */
final class InstanceRegistration implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(InstanceRegistration.class);

    private final InstanceRegistry registry;
    private final String release;
    private final String bindAddress;
    private final String id = UUID.randomUUID().toString();
    private final Instant startedAt = Instant.now();
    private volatile String baseUrl;
    private volatile InstanceState state;
    private volatile boolean registered;

    InstanceRegistration(InstanceRegistry registry, String release, String bindAddress) {
        this.registry = registry;
        this.release = release;
        this.bindAddress = bindAddress;
    }

    String id() {
        return id;
    }

    @EventListener
    void portOpen(WebServerInitializedEvent event) {
        baseUrl = "http://" + reachableHost() + ":" + event.getWebServer().getPort();
        moveTo(InstanceState.STARTING);
    }

    @EventListener
    void ready(ApplicationReadyEvent event) {
        moveTo(InstanceState.SERVING);
    }

    @EventListener
    void shutdownBegins(ContextClosedEvent event) {
        if (state != null) {
            moveTo(InstanceState.DRAINING);
        }
    }

    @Scheduled(initialDelayString = "${cardea.instances.heartbeat:5s}", fixedDelayString = "${cardea.instances.heartbeat:5s}")
    void heartbeat() {
        if (state == null) {
            return;
        }
        try {
            if (!registered || !registry.heartbeat(id, state)) {
                register();
            }
        } catch (SQLException | RuntimeException e) {
            log.warn("could not refresh this instance's heartbeat in {}; will try again: {}", InstanceRegistry.TABLE,
                    e.getMessage());
        }
    }

    @Override
    public void destroy() {
        try {
            registry.remove(id);
        } catch (SQLException | RuntimeException e) {
            log.warn("could not remove this instance from {}; it counts as gone {} s after its last heartbeat: {}",
                    InstanceRegistry.TABLE, InstanceRegistry.LIVE_WITHIN.toSeconds(), e.getMessage());
        }
    }

    private void moveTo(InstanceState next) {
        state = next;
        try {
            register();
        } catch (SQLException | RuntimeException e) {
            registered = false;
            log.warn("could not record this instance as {} in {}; the heartbeat will try again: {}", next.label(),
                    InstanceRegistry.TABLE, e.getMessage());
        }
    }

    private void register() throws SQLException {
        registry.register(new Instance(id, release, baseUrl, ProcessHandle.current().pid(), ThisProcess.hostName(), state,
                startedAt, Instant.now()));
        registered = true;
    }

    /** The bound address, or this machine's name when bound to every interface. */
    private String reachableHost() {
        if (bindAddress == null || bindAddress.equals("0.0.0.0") || bindAddress.equals("::")) {
            return ThisProcess.hostName();
        }
        return bindAddress.contains(":") ? "[" + bindAddress + "]" : bindAddress;
    }
}
