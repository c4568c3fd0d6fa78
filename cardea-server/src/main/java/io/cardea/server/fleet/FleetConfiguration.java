package io.cardea.server.fleet;

import io.cardea.migrate.registry.InstanceRegistry;
import io.cardea.migrate.registry.RunningRelease;
import io.cardea.migrate.registry.SwitchedOnFeatures;
import io.cardea.server.registry.ThisProcess;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Features that switch on fleet-wide: every {@link Feature} bean is declared to {@link FleetFeatures},
 * which reads the registry every few seconds, and {@code /admin/fleet/features} shows them to the operator.
 */
@Configuration(proxyBeanMethods = false)
@Import(AdminFleetFeaturesController.class)
public class FleetConfiguration {

    @Bean
    FleetFeatures fleetFeatures(DataSource dataSource, ObjectProvider<Feature> features) {
        return new FleetFeatures(new InstanceRegistry(dataSource), new SwitchedOnFeatures(dataSource),
                RunningRelease.version(), ThisProcess.name(), features.orderedStream().toList());
    }
}
