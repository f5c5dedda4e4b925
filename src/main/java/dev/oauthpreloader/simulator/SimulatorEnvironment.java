package dev.oauthpreloader.simulator;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The standalone simulator's environment, read and checked at start-up; a bad value is one line
 * naming the variable, like the service's own configuration.
 *
 * @param port        SIMULATOR_PORT: the HTTP port (0 picks a free one)
 * @param databaseUrl SIMULATOR_DATABASE_URL: its own database, a SQLite file by default
 * @param settings    everything else: SIMULATOR_BASE_URL, SIMULATOR_CLIENTS and SIMULATOR_CLIENT_&lt;ID&gt;_*,
 *                    SIMULATOR_ACCEPT_ANY_CLIENT, SIMULATOR_MAX_WAIT_SECONDS, SIMULATOR_PROFILE,
 *                    SIMULATOR_KEY_FILE, SIMULATOR_KEY_GRACE_SECONDS
 */
public record SimulatorEnvironment(int port, String databaseUrl, SimulatorSettings settings) {

    public static final int DEFAULT_PORT = 7071;
    public static final String DEFAULT_DATABASE_URL = "jdbc:sqlite:data/simulator.db";
    /**
     * With no SIMULATOR_CLIENTS: the service at its default address, as the generic OpenID Connect
     * provider "local" of the recipe in docs/simulator.md, or as its built-in simulator button.
     */
    public static final List<String> DEMO_REDIRECT_URIS = List.of("http://localhost:7070/callback/local",
            "http://localhost:7070/callback/simulator");
    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public static SimulatorEnvironment read(Map<String, String> env) {
        int port = read(env, "SIMULATOR_PORT", String.valueOf(DEFAULT_PORT), v -> intBetween(v, 0, 65535));
        String databaseUrl = read(env, "SIMULATOR_DATABASE_URL", DEFAULT_DATABASE_URL, SimulatorEnvironment::jdbcUrl);
        String baseUrl = read(env, "SIMULATOR_BASE_URL", "http://localhost:" + port, SimulatorEnvironment::baseUrl);
        boolean acceptAny = read(env, "SIMULATOR_ACCEPT_ANY_CLIENT", "false", SimulatorEnvironment::bool);
        List<RegisteredClient> clients = new ArrayList<>();
        String names = read(env, "SIMULATOR_CLIENTS", "", v -> v);
        if (names.isEmpty()) {
            clients.add(new RegisteredClient(SimulatorRoutes.CLIENT_ID, SimulatorRoutes.CLIENT_SECRET, DEMO_REDIRECT_URIS));
        } else {
            for (String raw : names.split(",")) {
                String id = raw.trim();
                if (id.isEmpty()) continue;
                if (!CLIENT_ID.matcher(id).matches() || clients.stream().anyMatch(c -> c.id().equals(id))) {
                    throw new SettingsException("SIMULATOR_CLIENTS must list distinct client ids of letters, digits, dots, dashes "
                            + "and underscores (got '" + id + "')");
                }
                String prefix = "SIMULATOR_CLIENT_" + id.toUpperCase(Locale.ROOT).replaceAll("[.-]", "_") + "_";
                clients.add(new RegisteredClient(id,
                        read(env, prefix + "SECRET", "", SimulatorEnvironment::required),
                        read(env, prefix + "REDIRECT_URIS", "", SimulatorEnvironment::redirectUris)));
            }
        }
        Duration maxWait = read(env, "SIMULATOR_MAX_WAIT_SECONDS", "30", v -> Duration.ofSeconds(intBetween(v, 1, 600)));
        FaultProfile profile = read(env, "SIMULATOR_PROFILE", "", v -> FaultProfile.parse(v, maxWait.toMillis()));
        Path keyFile = read(env, "SIMULATOR_KEY_FILE", "", SimulatorEnvironment::keyFile);
        Duration grace = read(env, "SIMULATOR_KEY_GRACE_SECONDS", String.valueOf(SimulatorSettings.DEFAULT_KEY_GRACE.toSeconds()),
                v -> Duration.ofSeconds(intBetween(v, 0, 7 * 86_400)));
        SimulatorSettings settings = new SimulatorSettings(baseUrl + SimulatorRoutes.PATH, clients, acceptAny,
                maxWait, maxWait, profile, keyFile, grace);
        return new SimulatorEnvironment(port, databaseUrl, settings);
    }

    private static List<String> redirectUris(String value) {
        List<String> uris = new ArrayList<>();
        for (String raw : value.split(",")) {
            String uri = raw.trim();
            if (uri.isEmpty()) continue;
            try {
                URI parsed = URI.create(uri);
                if (parsed.isAbsolute() && parsed.getFragment() == null && parsed.getHost() != null) {
                    uris.add(uri);
                    continue;
                }
            } catch (IllegalArgumentException ignored) {
                // reported below
            }
            throw new IllegalArgumentException("must be a comma-separated list of absolute redirect URIs without fragment");
        }
        if (uris.isEmpty()) throw new IllegalArgumentException("must list at least one redirect URI");
        return uris;
    }

    /** A key file that exists must hold a usable key now, not fail on the first login. */
    private static Path keyFile(String value) {
        if (value.isEmpty()) return null;
        Path file = Path.of(value);
        if (Files.exists(file)) {
            try {
                SigningKeys.read(Files.readString(file));
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot be read");
            }
        }
        return file;
    }

    private static String baseUrl(String value) {
        try {
            URI uri = URI.create(value);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
                    && uri.getQuery() == null && uri.getFragment() == null) {
                return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
            }
        } catch (IllegalArgumentException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("must be an http:// or https:// URL without query, such as http://localhost:7071");
    }

    private static String jdbcUrl(String value) {
        for (String prefix : new String[] {"jdbc:sqlite:", "jdbc:postgresql:"}) {
            if (value.startsWith(prefix) && value.length() > prefix.length()) return value;
        }
        throw new IllegalArgumentException("must be a JDBC URL such as " + DEFAULT_DATABASE_URL);
    }

    private static String required(String value) {
        if (value.isEmpty()) throw new IllegalArgumentException("must be set");
        return value;
    }

    private static int intBetween(String value, int min, int max) {
        try {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) return n;
        } catch (NumberFormatException ignored) {
            // reported below with the allowed range
        }
        throw new IllegalArgumentException("must be a whole number from " + min + " to " + max);
    }

    private static boolean bool(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw new IllegalArgumentException("must be true or false");
        };
    }

    private static <T> T read(Map<String, String> env, String name, String fallback, Function<String, T> parse) {
        String raw = env.get(name);
        String value = raw == null || raw.isBlank() ? fallback : raw.trim();
        try {
            return parse.apply(value);
        } catch (IllegalArgumentException e) {
            boolean secret = name.endsWith("_SECRET");
            boolean long_ = value.length() > 200;
            throw new SettingsException(name + " " + e.getMessage() + (secret || long_ ? "" : " (got '" + value + "')"));
        }
    }

    /** A configuration mistake, reported as one line at start-up. */
    public static final class SettingsException extends RuntimeException {
        public SettingsException(String message) {
            super(message);
        }
    }
}
