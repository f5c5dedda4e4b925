package dev.oauthpreloader.config;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;

/**
 * Where the service listens, what it calls itself, and where it keeps its rows.
 *
 * @param port               PORT: the HTTP port (0 picks a free one, for tests)
 * @param baseUrl            BASE_URL: the public URL that redirect URIs are built from
 * @param databaseUrl        DATABASE_URL: a JDBC URL, SQLite file by default
 * @param nodeId             NODE_ID: this node's name in async_operation.node_id, stable across restarts
 * @param operationRetention OPERATION_RETENTION_DAYS: finished operations older than this are deleted
 * @param shutdownGrace      SHUTDOWN_GRACE_SECONDS: how long a stopping node lets running exchanges finish
 * @param templatesFromDirectory JTE_DEV: read templates/ on every request instead of the precompiled ones
 * @param bindAddress        BIND_ADDRESS: the one local IP address to listen on; null: every interface (IPv4 and IPv6)
 * @param sessionCookieDomain SESSION_COOKIE_DOMAIN: the session cookie's Domain, BASE_URL's host or a parent of it, so
 *                           that applications on sibling hosts behind forward-auth see the login; null: host-only
 */
public record ServerConfig(int port, String baseUrl, String databaseUrl, String nodeId,
                           Duration operationRetention, Duration shutdownGrace, boolean templatesFromDirectory,
                           String bindAddress, String sessionCookieDomain) {

    public static final int DEFAULT_PORT = 7070;
    public static final String DEFAULT_DATABASE_URL = "jdbc:sqlite:data/oauth-preloader.db";

    public static ServerConfig read(Env env) {
        int port = env.read("PORT", String.valueOf(DEFAULT_PORT), Env.intBetween(0, 65535));
        String baseUrl = env.read("BASE_URL", "http://localhost:" + port, ServerConfig::httpUrl);
        return new ServerConfig(port,
                baseUrl,
                env.read("DATABASE_URL", DEFAULT_DATABASE_URL, ServerConfig::jdbcUrl),
                env.read("NODE_ID", env.text("HOSTNAME", "node") + "-" + port, Env::label),
                env.read("OPERATION_RETENTION_DAYS", "7", v -> Duration.ofDays(Env.intBetween(1, 3650).apply(v))),
                env.read("SHUTDOWN_GRACE_SECONDS", "10", v -> Duration.ofSeconds(Env.intBetween(0, 600).apply(v))),
                env.read("JTE_DEV", "false", Env::bool),
                env.read("BIND_ADDRESS", "", v -> v.isEmpty() ? null : ipAddress(v)),
                env.read("SESSION_COOKIE_DOMAIN", "", v -> v.isEmpty() ? null : cookieDomain(v, baseUrl)));
    }

    public boolean isHttps() {
        return baseUrl.startsWith("https://");
    }

    /** Whether BASE_URL names this machine only (localhost, 127.0.0.0/8, [::1]): a demo, not a deployment. */
    public boolean isLoopback() {
        return isLoopback(baseUrl);
    }

    /** True when the URL's host is this machine (localhost, 127.0.0.0/8, [::1]): nobody else can reach it. */
    public static boolean isLoopback(String url) {
        try {
            String host = URI.create(url).getHost();
            if (host == null) return false;
            if (host.equalsIgnoreCase("localhost")) return true;
            String literal = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
            // Only IP literals are resolved here, never a name: a DNS answer must not decide this.
            if (!literal.matches("[0-9.]+|[0-9a-fA-F:]+")) return false;
            return InetAddress.getByName(literal).isLoopbackAddress();
        } catch (IllegalArgumentException | UnknownHostException e) {
            return false;
        }
    }

    /** An IP literal only: a name would be looked up in DNS at start-up. */
    private static String ipAddress(String value) {
        boolean literal = value.matches("[0-9.]+") || (value.contains(":") && value.matches("[0-9A-Fa-f:.]+"));
        if (!literal) throw new IllegalArgumentException("must be an IP address of this machine, such as 127.0.0.1 or 10.0.0.5");
        try {
            return InetAddress.getByName(value).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("must be an IP address of this machine, such as 127.0.0.1 or 10.0.0.5");
        }
    }

    /**
     * A registrable-looking name (two labels at least: browsers refuse a cookie for a whole top-level
     * domain) that is BASE_URL's host or one of its parents; a cookie for any other domain is never
     * stored by the browser, so every login would fail as "not started in this browser".
     */
    static String cookieDomain(String value, String baseUrl) {
        String domain = (value.startsWith(".") ? value.substring(1) : value).toLowerCase(java.util.Locale.ROOT);
        String host = URI.create(baseUrl).getHost().toLowerCase(java.util.Locale.ROOT);
        boolean name = domain.matches("[a-z0-9-]+(\\.[a-z0-9-]+)+") && !domain.matches("[0-9.]+");
        if (name && (host.equals(domain) || host.endsWith("." + domain))) return domain;
        throw new IllegalArgumentException("must be BASE_URL's host (" + host + ") or a parent domain of it, such as "
                + (host.contains(".") ? host.substring(host.indexOf('.') + 1) : "example.com") + ", and not an IP address");
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
}
