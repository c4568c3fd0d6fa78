package io.cardea.server.health;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

/** Where this process is in its life: started once startup is done, draining once shutdown began. */
public final class ServingState implements ApplicationListener<ApplicationReadyEvent> {

    private volatile boolean started;
    private volatile boolean draining;

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        started = true;
    }

    public boolean started() {
        return started;
    }

    public boolean draining() {
        return draining;
    }

    void startDraining() {
        draining = true;
    }
}
