package io.cardea.server.deprecation;

import io.cardea.migrate.registry.Deprecation;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;

/**
 * At start, one warning for each deprecated setting the operator sets (in the environment, a
 * properties file or the command's options), naming what replaces it.
 */
final class DeprecatedSettingsWarning implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(DeprecatedSettingsWarning.class);

    /** Cardea's own defaults (defaults.properties) are not the operator's doing. */
    private static final String DEFAULTS = "defaultProperties";

    private final List<Deprecation> settings;
    private final ConfigurableEnvironment environment;

    DeprecatedSettingsWarning(List<Deprecation> settings, ConfigurableEnvironment environment) {
        this.settings = settings;
        this.environment = environment;
    }

    @Override
    public void afterSingletonsInstantiated() {
        for (Deprecation d : settings) {
            if (isSet(d.what())) {
                log.warn("{} is deprecated since Cardea {}: use {} instead. It still works in this release; a later "
                        + "minor release removes it (docs/upgrading.md)", d.what(), d.since(), d.replacement());
            }
        }
    }

    /** Whether any of the operator's sources sets {@code setting}, under either spelling (CARDEA_X, cardea.x). */
    private boolean isSet(String setting) {
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            if (source instanceof IterableConfigurationPropertySource names
                    && !(source.getUnderlyingSource() instanceof PropertySource<?> p && DEFAULTS.equals(p.getName()))
                    && names.stream().anyMatch(name -> Deprecation.sameSetting(name.toString(), setting))) {
                return true;
            }
        }
        return false;
    }
}
