package dev.oauthpreloader.web;

import io.javalin.http.Context;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpFields;

/**
 * Headers on every response. The policy forbids inline script, so the preloader's JavaScript lives
 * in static/. No referrer is ever sent: callback URLs carry a code and a state.
 *
 * <p>{@code form-action} also governs the redirects that follow a form's submission, so the 302
 * from POST /connect/{provider} to the provider is allowed only when the provider's origin is
 * listed: the policy names exactly the origins of the configured providers' authorization
 * endpoints, asked of a supplier on each response because an OpenID Connect provider's endpoint is
 * known only once its discovery document has been read.
 */
public final class SecurityHeaders {

    /** A year, the least that HSTS preload lists and scanners accept. */
    static final String STRICT_TRANSPORT_SECURITY = "max-age=31536000";

    private static final String POLICY_BEFORE_FORM_ACTION = String.join("; ",
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'");
    private static final String POLICY_AFTER_FORM_ACTION = "frame-ancestors 'none'";

    /** The policy for answers that can hold no form to a provider (Jetty's own error pages). */
    static final String STRICT_POLICY = policy(Set.of());

    private static final Map<String, String> ON_EVERY_RESPONSE = Map.of(
            "Referrer-Policy", "no-referrer",
            "X-Content-Type-Options", "nosniff",
            "X-Frame-Options", "DENY");

    /** What may stand in a CSP host-source: no spaces, semicolons or commas can get in. */
    private static final Pattern HOST = Pattern.compile("[a-z0-9.-]{1,253}|\\[[0-9a-f:.]{2,45}]");

    private final boolean https;
    private final Supplier<? extends Collection<String>> authorizationEndpoints;
    private volatile Policy cached = new Policy(List.of(), STRICT_POLICY);

    /** The header built for one list of endpoints: most responses see the same list again and reuse it. */
    private record Policy(List<String> endpoints, String header) {
    }

    /**
     * @param https                  BASE_URL is https: send Strict-Transport-Security (over http it would be ignored, and
     *                               would only mislead)
     * @param authorizationEndpoints the URLs (or origins) a Connect form may be redirected to: every configured
     *                               provider's authorization endpoint known so far; asked on every response, so keep it cheap
     */
    public SecurityHeaders(boolean https, Supplier<? extends Collection<String>> authorizationEndpoints) {
        this.https = https;
        this.authorizationEndpoints = authorizationEndpoints;
    }

    public void apply(Context ctx) {
        ctx.header("Content-Security-Policy", currentPolicy());
        ON_EVERY_RESPONSE.forEach(ctx::header);
        if (https) ctx.header("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY);
        if (!ctx.path().startsWith("/static/")) ctx.header("Cache-Control", "no-store");
    }

    /** For the answers Jetty writes itself, before any route runs. */
    static void apply(HttpFields.Mutable fields) {
        fields.put("Content-Security-Policy", STRICT_POLICY);
        ON_EVERY_RESPONSE.forEach(fields::put);
        fields.put("Cache-Control", "no-store");
    }

    /** The Content-Security-Policy for the provider endpoints known now; rebuilt only when they change. */
    String currentPolicy() {
        List<String> endpoints = new ArrayList<>();
        for (String url : authorizationEndpoints.get()) if (url != null) endpoints.add(url); // not yet discovered
        Policy policy = cached;
        if (!policy.endpoints().equals(endpoints)) {
            Set<String> origins = new TreeSet<>();
            for (String url : endpoints) origin(url).ifPresent(origins::add);
            policy = new Policy(List.copyOf(endpoints), policy(origins));
            cached = policy;
        }
        return policy.header();
    }

    /**
     * The origin of an http(s) URL as a CSP source ({@code https://host[:port]}), or empty when the
     * value is not one: it goes into a header, so nothing but scheme, host and port passes.
     */
    public static Optional<String> origin(String url) {
        if (url == null) return Optional.empty();
        try {
            URI uri = URI.create(url.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || !HOST.matcher(host).matches()) return Optional.empty();
            return Optional.of(scheme + "://" + host + (uri.getPort() == -1 ? "" : ":" + uri.getPort()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String policy(Set<String> origins) {
        String formAction = origins.isEmpty() ? "form-action 'self'" : "form-action 'self' " + String.join(" ", origins);
        return POLICY_BEFORE_FORM_ACTION + "; " + formAction + "; " + POLICY_AFTER_FORM_ACTION;
    }
}
