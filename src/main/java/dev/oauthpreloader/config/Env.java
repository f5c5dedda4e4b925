package dev.oauthpreloader.config;

import java.net.URI;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The one reader of the environment. Each part of the service reads its own variables through it;
 * a bad value throws {@link ConfigException} naming the variable. docs/configuration.md lists them all.
 */
public final class Env {

    private final Map<String, String> variables;
    private final Set<String> asked = new TreeSet<>();

    public Env(Map<String, String> variables) {
        this.variables = Map.copyOf(variables);
    }

    /** The value of {@code name}, or {@code fallback} when unset or blank, parsed; a parse error names the variable. */
    public <T> T read(String name, String fallback, Function<String, T> parse) {
        asked.add(name);
        String raw = variables.get(name);
        String value = raw == null || raw.isBlank() ? fallback : raw.trim();
        try {
            return parse.apply(value);
        } catch (IllegalArgumentException e) {
            // A secret's value stays out of the error line: it goes to the console and its logs.
            boolean secret = name.endsWith("_TOKEN") || name.endsWith("_SECRET") || name.endsWith("_KEY") || name.endsWith("_KEYS");
            throw new ConfigException(name + " " + e.getMessage() + (secret ? "" : " (got '" + value + "')"));
        }
    }

    public String text(String name, String fallback) {
        return read(name, fallback, Function.identity());
    }

    /** Whether any of these variables has a value (a provider is on when either of its credentials is set). */
    public boolean anySet(String... names) {
        boolean set = false;
        for (String name : names) {
            asked.add(name);
            set |= !variables.getOrDefault(name, "").isBlank();
        }
        return set;
    }

    /** Every variable asked for so far, set or not: what the configuration page must document. */
    public Set<String> asked() {
        return Set.copyOf(asked);
    }

    public static Function<String, Integer> intBetween(int min, int max) {
        return value -> {
            try {
                int n = Integer.parseInt(value);
                if (n >= min && n <= max) return n;
            } catch (NumberFormatException ignored) {
                // reported below with the allowed range
            }
            throw new IllegalArgumentException("must be a whole number from " + min + " to " + max);
        };
    }

    public static boolean bool(String value) {
        return switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw new IllegalArgumentException("must be true or false");
        };
    }

    public static String required(String value) {
        if (value.isEmpty()) throw new IllegalArgumentException("must be set");
        return value;
    }

    public static String label(String value) {
        if (value.isEmpty() || value.length() > 200) throw new IllegalArgumentException("must be 1 to 200 characters");
        return value;
    }

    public static String endpointUrl(String value) {
        try {
            URI uri = URI.create(value);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) return value;
        } catch (IllegalArgumentException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("must be an http:// or https:// URL");
    }

    /** A URL that others are appended to: no query, no trailing slash. */
    public static String baseEndpointUrl(String value) {
        endpointUrl(value);
        if (value.contains("?") || value.contains("#")) throw new IllegalArgumentException("must be a URL without query");
        return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    }
}
