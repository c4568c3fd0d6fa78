package io.cardea.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StrictManifestTest {

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: cardea
            spec:
              %s: 2
              template:
                spec:
                  containers:
                    - name: cardea
                      %s: ["serve"]
            """;

    @Test
    void acceptsFieldsTheModelKnows() {
        assertThat(StrictManifest.parseAll(DEPLOYMENT.formatted("replicas", "args"))).hasSize(1);
    }

    @Test
    void refusesAMisspeltFieldTheApiServerWouldDropSilently() {
        assertThatThrownBy(() -> StrictManifest.parseAll(DEPLOYMENT.formatted("replica", "args")))
                .hasMessageContaining("[replica]");
        assertThatThrownBy(() -> StrictManifest.parseAll(DEPLOYMENT.formatted("replicas", "arguments")))
                .hasMessageContaining("[arguments]").hasMessageContaining("Containers[0]");
    }
}
