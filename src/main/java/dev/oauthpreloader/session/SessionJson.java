package dev.oauthpreloader.session;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The session's values as a JSON object of strings. Nothing else is ever read back: no types, no
 * classes, so a row written by anyone can only ever become a map of strings, never code.
 */
final class SessionJson {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<TreeMap<String, String>> STRINGS = new TypeReference<>() {
    };

    private SessionJson() {
    }

    static String write(Map<String, String> values) {
        try {
            return JSON.writeValueAsString(new TreeMap<>(values));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings is always JSON", e);
        }
    }

    /** The values, or empty if the text is not a JSON object of strings. */
    static Optional<Map<String, String>> read(String text) {
        try {
            TreeMap<String, String> values = JSON.readValue(text, STRINGS);
            if (values == null) return Optional.empty();
            values.values().removeIf(v -> v == null);
            return Optional.of(values);
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }
}
