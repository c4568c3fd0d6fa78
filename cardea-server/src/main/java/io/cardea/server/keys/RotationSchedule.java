package io.cardea.server.keys;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Every instance checks on a timer whether a rotation or the removal of a retired key is due. The
 * check is cheap and the {@link KeyRing} serialises it with an advisory lock, so running it
 * everywhere needs no leader: the first instance to find a rotation due does it, the others find it
 * done. Only kids are logged, never key material.
 */
final class RotationSchedule implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(RotationSchedule.class);

    private final KeyRing ring;
    private final KeySettings settings;
    private ScheduledExecutorService timer;

    RotationSchedule(KeyRing ring, KeySettings settings) {
        this.ring = ring;
        this.settings = settings;
    }

    @Override
    public void start() {
        timer = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("cardea-key-rotation").factory());
        long every = settings.checkInterval().toMillis();
        timer.scheduleWithFixedDelay(this::check, every, every, TimeUnit.MILLISECONDS);
    }

    void check() {
        try {
            ring.rotateIfDue().forEach(kid -> LOG.info("rotated the signing keys: key {} signs now", kid));
            ring.removeExpired().forEach(kid -> LOG.info("removed retired signing key {}", kid));
        } catch (RuntimeException e) {
            // A failed check is tried again at the next tick; the keys in place keep working meanwhile.
            LOG.warn("signing key rotation check failed: {}", e.getMessage());
        }
    }

    @Override
    public void stop() {
        timer.shutdownNow();
        timer = null;
    }

    @Override
    public boolean isRunning() {
        return timer != null;
    }
}
