package dev.oauthpreloader;

import dev.oauthpreloader.ops.OpsSettings;
import dev.oauthpreloader.provider.OAuth2ProviderSettings;
import dev.oauthpreloader.web.ClientAddress;
import dev.oauthpreloader.web.RateLimits;
import dev.oauthpreloader.provider.FacebookSettings;
import dev.oauthpreloader.provider.GitHubSettings;
import dev.oauthpreloader.provider.OidcSettings;
import dev.oauthpreloader.provider.TwitterSettings;
import dev.oauthpreloader.simulator.SimulatorSettings;
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
 * @param simulatorEnabled       SIMULATOR_ENABLED: offer the built-in simulated provider (default: only on a loopback BASE_URL)
 * @param oauth2Providers        OAUTH2_PROVIDERS and OAUTH2_&lt;NAME&gt;_*: generic OAuth 2.0 providers
 * @param nodeId                 NODE_ID: this node's name in async_operation.node_id, stable across restarts
 * @param operationRetention     OPERATION_RETENTION_DAYS: finished operations older than this are deleted
 * @param shutdownGrace          SHUTDOWN_GRACE_SECONDS: how long a stopping node lets running exchanges finish
 * @param synchronousCallback    CALLBACK_MODE=sync: pac4j's stock callback, for the benchmark's baseline only
 * @param rateLimits             LOGIN_RATE_LIMIT, STATUS_RATE_LIMIT, TRUSTED_PROXY: per-client request limits
 * @param ops                    ADMIN_EMAILS and METRICS_TOKEN: who sees /ops, what guards /metrics
 * @param oidcProviders          GOOGLE_*, OIDC_PROVIDERS and OIDC_&lt;NAME&gt;_*: OpenID Connect providers
 * @param github                 GITHUB_*: null unless GITHUB_CLIENT_ID is set
 * @param facebook               FACEBOOK_*: null unless FACEBOOK_APP_ID is set
 * @param twitter                TWITTER_*: null unless TWITTER_API_KEY is set
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
        OpsSettings ops,
        List<OidcSettings> oidcProviders,
        GitHubSettings github,
        FacebookSettings facebook,
        TwitterSettings twitter) {

    public static final int DEFAULT_PORT = 7070;
    public static final String DEFAULT_DATABASE_URL = "jdbc:sqlite:data/oauth-preloader.db";
    private static final Pattern PROVIDER_NAME = Pattern.compile("[a-z][a-z0-9-]{0,31}");
    /** Names of the built-in providers, which configured generic providers may not take. */
    private static final List<String> RESERVED_NAMES = List.of("simulator", OidcSettings.GOOGLE,
            GitHubSettings.NAME, FacebookSettings.NAME, TwitterSettings.NAME);

    public static Config fromEnvironment(Map<String, String> env) {
        int port = read(env, "PORT", String.valueOf(DEFAULT_PORT), v -> intBetween(v, 0, 65535));
        String databaseUrl = read(env, "DATABASE_URL", DEFAULT_DATABASE_URL, Config::jdbcUrl);
        String baseUrl = read(env, "BASE_URL", "http://localhost:" + port, Config::httpUrl);
        Duration deadline = read(env, "LOGIN_DEADLINE_SECONDS", "30", v -> Duration.ofSeconds(intBetween(v, 1, 600)));
        Duration connect = read(env, "PROVIDER_CONNECT_TIMEOUT_MS", "5000", v -> Duration.ofMillis(intBetween(v, 1, 60_000)));
        int threads = read(env, "EXCHANGE_THREADS", "64", v -> intBetween(v, 1, 10_000));
        int queue = read(env, "EXCHANGE_QUEUE", "1000", v -> intBetween(v, 0, 1_000_000));
        // Off by default where others can reach it: it logs anyone in as anyone (it warns when enabled there).
        boolean simulator = read(env, "SIMULATOR_ENABLED", String.valueOf(SimulatorSettings.isLoopback(baseUrl)), Config::bool);
        List<OAuth2ProviderSettings> oauth2 = new ArrayList<>();
        List<String> oauth2Names = read(env, "OAUTH2_PROVIDERS", "", Config::providerNames);
        for (String name : oauth2Names) oauth2.add(oauth2Provider(env, name));
        List<OidcSettings> oidc = new ArrayList<>();
        if (isSet(env, "GOOGLE_CLIENT_ID", "GOOGLE_CLIENT_SECRET")) oidc.add(google(env));
        for (String name : read(env, "OIDC_PROVIDERS", "", Config::providerNames)) {
            if (oauth2Names.contains(name)) {
                throw new ConfigException("OIDC_PROVIDERS names '" + name + "', which OAUTH2_PROVIDERS already uses");
            }
            oidc.add(oidcProvider(env, name));
        }
        GitHubSettings github = isSet(env, "GITHUB_CLIENT_ID", "GITHUB_CLIENT_SECRET") ? new GitHubSettings(
                read(env, "GITHUB_CLIENT_ID", "", Config::required),
                read(env, "GITHUB_CLIENT_SECRET", "", Config::required),
                read(env, "GITHUB_URL", GitHubSettings.DEFAULT_WEB_URL, Config::baseEndpointUrl),
                read(env, "GITHUB_API_URL", GitHubSettings.DEFAULT_API_URL, Config::baseEndpointUrl)) : null;
        FacebookSettings facebook = isSet(env, "FACEBOOK_APP_ID", "FACEBOOK_APP_SECRET") ? new FacebookSettings(
                read(env, "FACEBOOK_APP_ID", "", Config::required),
                read(env, "FACEBOOK_APP_SECRET", "", Config::required),
                read(env, "FACEBOOK_API_VERSION", FacebookSettings.DEFAULT_API_VERSION, Config::graphVersion),
                read(env, "FACEBOOK_DIALOG_URL", FacebookSettings.DEFAULT_DIALOG_URL, Config::baseEndpointUrl),
                read(env, "FACEBOOK_GRAPH_URL", FacebookSettings.DEFAULT_GRAPH_URL, Config::baseEndpointUrl)) : null;
        TwitterSettings twitter = isSet(env, "TWITTER_API_KEY", "TWITTER_API_SECRET") ? new TwitterSettings(
                read(env, "TWITTER_API_KEY", "", Config::required),
                read(env, "TWITTER_API_SECRET", "", Config::required),
                read(env, "TWITTER_API_URL", TwitterSettings.DEFAULT_API_URL, Config::baseEndpointUrl)) : null;
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
                nodeId, retention, grace, synchronousCallback, limits, ops, List.copyOf(oidc), github, facebook, twitter);
    }

    /** A built-in provider is on when either of its credentials is set; then both must be. */
    private static boolean isSet(Map<String, String> env, String id, String secret) {
        return !(env.getOrDefault(id, "").isBlank() && env.getOrDefault(secret, "").isBlank());
    }

    private static OidcSettings google(Map<String, String> env) {
        return new OidcSettings(OidcSettings.GOOGLE, "Google",
                read(env, "GOOGLE_CLIENT_ID", "", Config::required),
                read(env, "GOOGLE_CLIENT_SECRET", "", Config::required),
                read(env, "GOOGLE_DISCOVERY_URL", OidcSettings.GOOGLE_DISCOVERY_URL, Config::endpointUrl),
                null, OidcSettings.DEFAULT_SCOPE);
    }

    private static OidcSettings oidcProvider(Map<String, String> env, String name) {
        String prefix = "OIDC_" + name.toUpperCase(Locale.ROOT).replace('-', '_') + "_";
        String label = Character.toUpperCase(name.charAt(0)) + name.substring(1);
        // Kept exactly as given: the discovery document must name this very string (Auth0's ends with a slash).
        String issuer = read(env, prefix + "ISSUER", "", v -> v.isEmpty() ? null : issuerUrl(v));
        String discovery = read(env, prefix + "DISCOVERY_URL", "", v -> v.isEmpty() ? null : endpointUrl(v));
        if ((issuer == null) == (discovery == null)) {
            throw new ConfigException(prefix + "ISSUER or " + prefix + "DISCOVERY_URL must be set, and not both");
        }
        String scope = read(env, prefix + "SCOPE", OidcSettings.DEFAULT_SCOPE, v -> {
            if (!(" " + v + " ").contains(" openid ")) throw new IllegalArgumentException("must include openid");
            return v;
        });
        return new OidcSettings(name,
                read(env, prefix + "LABEL", label, Config::text),
                read(env, prefix + "CLIENT_ID", "", Config::required),
                read(env, prefix + "CLIENT_SECRET", "", Config::required),
                discovery != null ? discovery : baseEndpointUrl(issuer) + OidcSettings.WELL_KNOWN,
                issuer, scope);
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
            if (!PROVIDER_NAME.matcher(name).matches() || RESERVED_NAMES.contains(name) || names.contains(name)) {
                throw new IllegalArgumentException("must list distinct provider names of lowercase letters, digits and dashes, other than "
                        + String.join(", ", RESERVED_NAMES));
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

    /** A URL that others are appended to: no query, no trailing slash. */
    private static String baseEndpointUrl(String value) {
        endpointUrl(value);
        if (value.contains("?") || value.contains("#")) throw new IllegalArgumentException("must be a URL without query");
        return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    }

    private static String issuerUrl(String value) {
        baseEndpointUrl(value);
        return value;
    }

    private static String graphVersion(String value) {
        if (!value.matches("v[0-9]{1,3}\\.[0-9]{1,3}")) throw new IllegalArgumentException("must look like v23.0");
        return value;
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
