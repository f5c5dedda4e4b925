package dev.oauthpreloader.login;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * ALLOWED_REDIRECT_HOSTS: the hosts, besides BASE_URL's own, that a login may return to by absolute
 * URL ({@code rd=} or {@code next=}), so that a reverse proxy can send a person back to the
 * application they opened. The rules follow oauth2-proxy's {@code --whitelist-domain}, fixed where it
 * once went wrong (GHSA-4mf2-f3wh-gvf2: ".example.com" also matched "badexample.com"):
 * <ul>
 *   <li>{@code app.example.com}: exactly that host name;</li>
 *   <li>{@code .example.com}: example.com itself and every name that ends in ".example.com";</li>
 *   <li>without a port, only the scheme's default port (80 for http, 443 for https);
 *       {@code app.example.com:8443} that port only; {@code app.example.com:*} any port.</li>
 * </ul>
 */
public record RedirectHosts(List<Entry> entries) {

    /** What may stand in an entry's host: lower-case DNS labels, or an IPv4 literal. */
    private static final Pattern HOST = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*");
    static final int ANY_PORT = -2;
    static final int DEFAULT_PORT = -1;

    /**
     * One allowed host.
     *
     * @param host       the host name, lower case, without the leading dot
     * @param subdomains a leading dot was given: the host and every name below it
     * @param port       a port, {@link #DEFAULT_PORT} or {@link #ANY_PORT}
     */
    public record Entry(String host, boolean subdomains, int port) {
    }

    public RedirectHosts {
        entries = List.copyOf(entries);
    }

    public static final RedirectHosts NONE = new RedirectHosts(List.of());

    /** Parses ALLOWED_REDIRECT_HOSTS: comma-separated entries as in the class comment. */
    public static RedirectHosts parse(String value) {
        List<Entry> entries = new ArrayList<>();
        for (String raw : value.split(",")) {
            String item = raw.trim().toLowerCase(Locale.ROOT);
            if (item.isEmpty()) continue;
            entries.add(entry(item));
        }
        return new RedirectHosts(entries);
    }

    private static Entry entry(String item) {
        int port = DEFAULT_PORT;
        String host = item;
        int colon = item.lastIndexOf(':');
        if (colon >= 0) {
            String p = item.substring(colon + 1);
            host = item.substring(0, colon);
            if (p.equals("*")) {
                port = ANY_PORT;
            } else if (p.matches("[0-9]{1,5}") && Integer.parseInt(p) >= 1 && Integer.parseInt(p) <= 65535) {
                port = Integer.parseInt(p);
            } else {
                throw refused(item);
            }
        }
        boolean subdomains = host.startsWith(".");
        if (subdomains) host = host.substring(1);
        // A lone "." or "*" would allow the whole internet: that is no list of hosts.
        if (!HOST.matcher(host).matches() || (subdomains && !host.contains("."))) throw refused(item);
        return new Entry(host, subdomains, port);
    }

    private static IllegalArgumentException refused(String item) {
        return new IllegalArgumentException("must be comma-separated host names, each optionally with a leading dot for its "
                + "subdomains and a :port or :* (such as app.example.com,.example.com); '" + item + "' is not one");
    }

    /** Whether an http(s) URL with this host and port (-1: none given) is on the list. */
    boolean allows(String scheme, String host, int port) {
        int effective = port == -1 ? defaultPort(scheme) : port;
        for (Entry entry : entries) {
            boolean hostMatches = host.equals(entry.host) || (entry.subdomains && host.endsWith("." + entry.host));
            boolean portMatches = entry.port == ANY_PORT
                    || (entry.port == DEFAULT_PORT ? effective == defaultPort(scheme) : effective == entry.port);
            if (hostMatches && portMatches) return true;
        }
        return false;
    }

    static int defaultPort(String scheme) {
        return scheme.equals("https") ? 443 : 80;
    }

    /** The same rules for BASE_URL's own origin, which a login may always return to. */
    static boolean sameOrigin(URI baseUrl, String scheme, String host, int port) {
        String baseScheme = baseUrl.getScheme().toLowerCase(Locale.ROOT);
        int basePort = baseUrl.getPort() == -1 ? defaultPort(baseScheme) : baseUrl.getPort();
        int effective = port == -1 ? defaultPort(scheme) : port;
        return baseScheme.equals(scheme) && baseUrl.getHost().toLowerCase(Locale.ROOT).equals(host) && basePort == effective;
    }
}
