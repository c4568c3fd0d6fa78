package io.cardea.deploy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses rendered manifests with fabric8's Kubernetes model and refuses any field the model does
 * not know. fabric8 keeps unknown fields in each object's additionalProperties instead of failing,
 * so a misspelt or misplaced field (which the API server would drop silently) is found by walking
 * the parsed objects for them.
 */
final class StrictManifest {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    /** Kinds outside fabric8's core model, parsed as generic resources. */
    private static final Set<String> GENERIC_KINDS = Set.of("monitoring.coreos.com/v1/ServiceMonitor");

    private StrictManifest() {}

    static List<HasMetadata> parseAll(String text) {
        List<HasMetadata> resources = new ArrayList<>();
        for (String document : text.split("(?m)^---\\s*$")) {
            if (document.lines().allMatch(line -> line.isBlank() || line.startsWith("#"))) {
                continue;
            }
            HasMetadata resource = SERIALIZATION.unmarshal(document, HasMetadata.class);
            String kind = resource.getApiVersion() + "/" + resource.getKind();
            if (resource instanceof GenericKubernetesResource) {
                if (!GENERIC_KINDS.contains(kind)) {
                    throw new AssertionError("unknown kind " + kind + ":\n" + document);
                }
            } else {
                refuseUnknownFields(resource, kind);
            }
            resources.add(resource);
        }
        return resources;
    }

    private static void refuseUnknownFields(Object node, String path) {
        switch (node) {
            case null -> {}
            case Map<?, ?> map -> map.forEach((key, value) -> refuseUnknownFields(value, path + "." + key));
            case Collection<?> list -> {
                int i = 0;
                for (Object item : list) {
                    refuseUnknownFields(item, path + "[" + i++ + "]");
                }
            }
            default -> {
                if (node.getClass().getPackageName().startsWith("io.fabric8.kubernetes.api.model")) {
                    walkModelObject(node, path);
                }
            }
        }
    }

    private static void walkModelObject(Object node, String path) {
        for (Method getter : node.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object value = invoke(getter, node);
            if (getter.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    throw new AssertionError("unknown field(s) " + extra.keySet() + " at " + path);
                }
            } else {
                refuseUnknownFields(value, path + "." + getter.getName().substring(3));
            }
        }
    }

    private static Object invoke(Method getter, Object node) {
        try {
            return getter.invoke(node);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + getter + " of " + node.getClass(), e);
        }
    }
}
