package dev.oauthpreloader;

import dev.oauthpreloader.ops.OpsSettings;
import dev.oauthpreloader.provider.OAuth2ProviderSettings;
import dev.oauthpreloader.web.ClientAddress;
import dev.oauthpreloader.web.RateLimits;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.function.Function;

/**
 * The service's environment as one validated record. {@link #fromEnvironment} reads every variable
 * the README documents; a bad value throws {@link ConfigException} naming the variable.
 *
 * @param port                   PORT: the HTTP port (0 picks a free one, for tests)
 * @param databaseUrl            DATABASE_URL: a JDBC URL, SQLite file by default
 * @param baseUrl                BASE_URL: the public URL that redirect URIs are built from
 * @param loginDeadline          LOGIN_DEADLINE_SECONDS: how long an operation may stay pending
 * @param providerConnectTimeout PROVIDER_CONNECT_TIMEOUT_MS: TCP connect timeout to a provider
 * @param exchangeThreads        EXCHANGE_THREADS: background exchanges running at once
 * @param exchangeQueue          EXCHANGE_QUEUE: exchanges waiting for a thread before new logins are refused
 * @param simulatorEnabled       SIMULATOR_ENABLED: offer the built-in simulated provider
 * @param oauth2Providers        OAUTH2_PROVIDERS and OAUTH2_&lt;NAME&gt;_*: generic OAuth 2.0 providers
 * @param nodeId                 NODE_ID: this node's name in async_operation.node_id, stable across restarts
 * @param operationRetention     OPERATION_RETENTION_DAYS: finished operations older than this are deleted
 * @param shutdownGrace          SHUTDOWN_GRACE_SECONDS: how long a stopping node lets running exchanges finish
 * @param synchronousCallback    CALLBACK_MODE=sync: pac4j's stock callback, for the benchmark's baseline only
 * @param rateLimits             LOGIN_RATE_LIMIT, STATUS_RATE_LIMIT, TRUSTED_PROXY: per-client request limits
 * @param ops                    ADMIN_EMAILS and METRICS_TOKEN: who sees /ops, what guards /metrics
 */
public record Config(
        int port,
        String databaseUrl,
        String baseUrl,
        Duration loginDeadline,
        Duration providerConnectTimeout,
        int exchangeThreads,
        int exchangeQueue,
        boolean simulatorEnabled,
        List<OAuth2ProviderSettings> oauth2Providers,
        String nodeId,
        Duration operationRetention,
        Duration shutdownGrace,
        boolean synchronousCallback,
        RateLimits rateLimits,
        OpsSettings ops) {

    public static final int DEFAULT_PORT = 7070;
    public static final String DEFAULT_DATABASE_URL = "jdbc:sqlite:data/oauth-preloader.db";
    private static final Pattern PROVIDER_NAME = Pattern.compile("[a-z][a-z0-9-]{0,31}");

    public static Config fromEnvironment(Map<String, String> env) {
        int port = read(env, "PORT", String.valueOf(DEFAULT_PORT), v -> intBetween(v, 0, 65535));
        String databaseUrl = read(env, "DATABASE_URL", DEFAULT_DATABASE_URL, Config::jdbcUrl);
        String baseUrl = read(env, "BASE_URL", "http://localhost:" + port, Config::httpUrl);
        Duration deadline = read(env, "LOGIN_DEADLINE_SECONDS", "30", v -> Duration.ofSeconds(intBetween(v, 1, 600)));
        Duration connect = read(env, "PROVIDER_CONNECT_TIMEOUT_MS", "5000", v -> Duration.ofMillis(intBetween(v, 1, 60_000)));
        int threads = read(env, "EXCHANGE_THREADS", "64", v -> intBetween(v, 1, 10_000));
        int queue = read(env, "EXCHANGE_QUEUE", "1000", v -> intBetween(v, 0, 1_000_000));
        boolean simulator = read(env, "SIMULATOR_ENABLED", "true", Config::bool);
        List<OAuth2ProviderSettings> oauth2 = new ArrayList<>();
        for (String name : read(env, "OAUTH2_PROVIDERS", "", Config::providerNames)) oauth2.add(oauth2Provider(env, name));
        RateLimits limits = new RateLimits(
                read(env, "LOGIN_RATE_LIMIT", String.valueOf(RateLimits.DEFAULT_LOGIN_PER_MINUTE), v -> intBetween(v, 0, 1_000_000)),
                read(env, "STATUS_RATE_LIMIT", String.valueOf(RateLimits.DEFAULT_STATUS_PER_MINUTE), v -> intBetween(v, 0, 1_000_000)),
                read(env, "TRUSTED_PROXY", "", Config::ipAddresses));
        String defaultNode = env.getOrDefault("HOSTNAME", "node") + "-" + port;
        String nodeId = read(env, "NODE_ID", defaultNode, Config::text);
        Duration retention = read(env, "OPERATION_RETENTION_DAYS", "7", v -> Duration.ofDays(intBetween(v, 1, 3650)));
        Duration grace = read(env, "SHUTDOWN_GRACE_SECONDS", "10", v -> Duration.ofSeconds(intBetween(v, 0, 600)));
        boolean synchronousCallback = read(env, "CALLBACK_MODE", "async", v -> switch (v) {
            case "async" -> false;
            case "sync" -> true;
            default -> throw new IllegalArgumentException("must be async or sync");
        });
        OpsSettings ops = new OpsSettings(read(env, "ADMIN_EMAILS", "", OpsSettings::parseAdminEmails),
                read(env, "METRICS_TOKEN", "", OpsSettings::parseMetricsToken));
        return new Config(port, databaseUrl, baseUrl, deadline, connect, threads, queue, simulator, List.copyOf(oauth2),
                nodeId, retention, grace, synchronousCallback, limits, ops);
    }

    public boolean isHttps() {
        return baseUrl.startsWith("https://");
    }

    private static OAuth2ProviderSettings oauth2Provider(Map<String, String> env, String name) {
        String prefix = "OAUTH2_" + name.toUpperCase(Locale.ROOT).replace('-', '_') + "_";
        String label = Character.toUpperCase(name.charAt(0)) + name.substring(1);
        return new OAuth2ProviderSettings(name,
                read(env, prefix + "LABEL", label, Config::text),
                read(env, prefix + "CLIENT_ID", "", Config::required),
                read(env, prefix + "CLIENT_SECRET", "", Config::required),
                read(env, prefix + "AUTH_URL", "", Config::endpointUrl),
                read(env, prefix + "TOKEN_URL", "", Config::endpointUrl),
                read(env, prefix + "USERINFO_URL", "", Config::endpointUrl),
                read(env, prefix + "SCOPE", "", v -> v),
                read(env, prefix + "ID_FIELD", "id", Config::text),
                read(env, prefix + "EMAIL_FIELD", "email", Config::text),
                read(env, prefix + "EMAIL_VERIFIED_FIELD", "email_verified", Config::text),
                read(env, prefix + "FIRST_NAME_FIELD", "given_name", Config::text),
                read(env, prefix + "LAST_NAME_FIELD", "family_name", Config::text),
                read(env, prefix + "CLIENT_AUTH", "basic", v -> switch (v) {
                    case "basic" -> false;
                    case "post" -> true;
                    default -> throw new IllegalArgumentException("must be basic or post");
                }),
                read(env, prefix + "ISSUER", "", v -> v.isEmpty() ? null : endpointUrl(v)));
    }

    private static List<String> providerNames(String value) {
        List<String> names = new ArrayList<>();
        for (String raw : value.split(",")) {
            String name = raw.trim();
            if (name.isEmpty()) continue;
            if (!PROVIDER_NAME.matcher(name).matches() || name.equals("simulator") || names.contains(name)) {
                throw new IllegalArgumentException("must list distinct provider names of lowercase letters, digits and dashes, other than simulator");
            }
            names.add(name);
        }
        return names;
    }

    private static Set<String> ipAddresses(String value) {
        Set<String> addresses = new LinkedHashSet<>();
        for (String raw : value.split(",")) {
            if (raw.isBlank()) continue;
            addresses.add(ClientAddress.ipLiteral(raw.trim()).orElseThrow(() ->
                    new IllegalArgumentException("must be a comma-separated list of IP addresses, such as 10.0.0.5")));
        }
        return Set.copyOf(addresses);
    }

    private static String required(String value) {
        if (value.isEmpty()) throw new IllegalArgumentException("must be set");
        return value;
    }

    private static String text(String value) {
        if (value.isEmpty() || value.length() > 200) throw new IllegalArgumentException("must be 1 to 200 characters");
        return value;
    }

    private static String endpointUrl(String value) {
        try {
            URI uri = URI.create(value);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) return value;
        } catch (IllegalArgumentException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("must be an http:// or https:// URL");
    }

    private static <T> T read(Map<String, String> env, String name, String fallback, Function<String, T> parse) {
        String raw = env.get(name);
        String value = raw == null || raw.isBlank() ? fallback : raw.trim();
        try {
            return parse.apply(value);
        } catch (IllegalArgumentException e) {
            // A secret's value stays out of the error line: it goes to the console and its logs.
            boolean secret = name.endsWith("_TOKEN") || name.endsWith("_SECRET");
            throw new ConfigException(name + " " + e.getMessage() + (secret ? "" : " (got '" + value + "')"));
        }
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
        return switch (value.toLowerCase()) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw new IllegalArgumentException("must be true or false");
        };
    }

    private static String jdbcUrl(String value) {
        for (String prefix : new String[] {"jdbc:sqlite:", "jdbc:postgresql:"}) {
            if (value.startsWith(prefix) && value.length() > prefix.length()) return value;
        }
        throw new IllegalArgumentException("must be a JDBC URL such as jdbc:sqlite:data/oauth-preloader.db "
                + "or jdbc:postgresql://db.example.com/oauth?user=…&password=…");
    }

    private static String httpUrl(String value) {
        try {
            URI uri = URI.create(value);
            boolean web = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
            if (web && uri.getHost() != null && uri.getQuery() == null && uri.getFragment() == null) {
                return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
            }
        } catch (IllegalArgumentException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("must be an http:// or https:// URL without query, such as https://login.example.com");
    }

    /** A configuration mistake, reported as one line at start-up. */
    public static final class ConfigException extends RuntimeException {
        public ConfigException(String message) {
            super(message);
        }
    }
}
