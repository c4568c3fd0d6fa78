package io.cardea.server;

import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** JSON for the tests: request bodies and reading answers. */
public final class Json {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Json() {}

    public static String credentials(String email, String password) {
        return MAPPER.writeValueAsString(Map.of("email", email, "password", password));
    }

    public static JsonNode read(String json) {
        return MAPPER.readTree(json);
    }
}
