package dev.oauthpreloader.web;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps people on BASE_URL's host. Cookies belong to a host name, so a login started on
 * http://127.0.0.1:7070 while BASE_URL says localhost comes back to a browser whose session cookie
 * is on the other host, and fails as "not started in this browser". A page fetched on the wrong
 * host is therefore redirected to the same path on BASE_URL before any session exists; a callback
 * on the wrong host (the provider was registered with another redirect URI) and any other method
 * get a page that names BASE_URL. Only the host name is compared, not the port: cookies ignore
 * ports, and a proxy passing {@code Host: $host} drops a non-default one.
 */
public final class CanonicalHost {

    private static final Logger LOG = LoggerFactory.getLogger(CanonicalHost.class);
    /**
     * Probed by load balancers by IP address, fetched by the service itself, or needing no cookie; and
     * /auth, which a reverse proxy asks with the application's Host and answers only 2xx or 401.
     */
    private static final List<String> ANY_HOST = List.of("/health", "/metrics", "/static/", "/favicon.ico", "/simulator/", "/auth");

    private final String baseUrl;
    private final String host;
    private final Templates templates;
    private final AtomicBoolean warned = new AtomicBoolean();

    private CanonicalHost(String baseUrl, Templates templates) {
        this.baseUrl = baseUrl;
        this.host = normalise(URI.create(baseUrl).getHost());
        this.templates = templates;
    }

    public static void register(Javalin app, String baseUrl, Templates templates) {
        app.before(new CanonicalHost(baseUrl, templates)::check);
    }

    void check(Context ctx) {
        String requested = hostName(ctx.header("Host"));
        if (requested == null || requested.equals(host) || anyHost(ctx.path())) return;
        if (warned.compareAndSet(false, true)) {
            LOG.warn("a request arrived for host {}, but BASE_URL is {}: people are sent there; "
                    + "behind a proxy, pass the Host header (nginx: proxy_set_header Host $host)", requested, baseUrl);
        }
        boolean page = ctx.method().name().equals("GET") || ctx.method().name().equals("HEAD");
        if (page && !ctx.path().startsWith("/callback/")) {
            String query = ctx.queryString();
            ctx.redirect(baseUrl + ctx.path() + (query == null ? "" : "?" + query));
        } else {
            ctx.status(400);
            templates.page(ctx, "wrong-host.jte", Map.of("baseUrl", baseUrl, "requestedHost", requested,
                    "callback", ctx.path().startsWith("/callback/") ? baseUrl + ctx.path() : ""));
        }
        ctx.skipRemainingHandlers();
    }

    private static boolean anyHost(String path) {
        for (String prefix : ANY_HOST) if (path.equals(prefix) || path.startsWith(prefix)) return true;
        return false;
    }

    /** The host name of a Host header: without port, brackets of an IPv6 literal, trailing dot or case. */
    static String hostName(String header) {
        if (header == null || header.isBlank()) return null;
        String value = header.strip();
        if (value.startsWith("[")) {
            int end = value.indexOf(']');
            return end < 0 ? normalise(value) : normalise(value.substring(1, end));
        }
        int colon = value.lastIndexOf(':');
        return normalise(colon >= 0 ? value.substring(0, colon) : value);
    }

    private static String normalise(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (h.endsWith(".")) h = h.substring(0, h.length() - 1);
        return h.toLowerCase(Locale.ROOT);
    }
}
