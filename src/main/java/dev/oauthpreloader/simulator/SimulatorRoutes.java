package dev.oauthpreloader.simulator;

import dev.oauthpreloader.config.ServerConfig;
import dev.oauthpreloader.simulator.SimulatorStats.Count;
import dev.oauthpreloader.web.Templates;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated provider: an OpenID Connect provider (authorization code + PKCE S256, refresh,
 * discovery, JWKS, RS256 id_tokens, userinfo) whose consent page, {@code auto=1} parameters and
 * run-time profile choose how it misbehaves. The same routes run inside the service and standalone
 * ({@link StandaloneSimulator}); every endpoint is below {@link #PATH}.
 */
public final class SimulatorRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatorRoutes.class);
    public static final String PATH = "/simulator";
    public static final String CLIENT_ID = "oauth-preloader";
    /** A demo credential for a provider that exists only for tests and demos; not a secret. */
    public static final String CLIENT_SECRET = "simulator-demo-secret";
    private static final long CLEANUP_PERIOD_MS = 60_000;

    private final SimulatorSettings settings;
    private final SimulatorGrants grants;
    private final SimulatorStats stats = new SimulatorStats();
    private final SigningKeys keys;
    private final Delivery delivery;
    private final AuthorizeEndpoint authorize;
    private final TokenEndpoint token;
    private final ScheduledExecutorService timer;
    private final Clock clock;
    /** java.util.Random is safe to share between request threads. */
    private final RandomGenerator random = new java.util.Random();
    private volatile FaultProfile profile;

    /** Inside the service, for its own client: {@link SimulatorSettings#embedded}. */
    public SimulatorRoutes(SimulatorSettings settings, Jdbi jdbi, Templates templates, ScheduledExecutorService timer, Clock clock) {
        this.settings = settings;
        this.grants = new SimulatorGrants(jdbi);
        this.keys = settings.keyFile() == null
                ? SigningKeys.generated(clock, settings.keyGrace().toMillis())
                : SigningKeys.fromFile(settings.keyFile(), clock, settings.keyGrace().toMillis());
        this.delivery = new Delivery(timer, settings.hangFor().toMillis());
        this.profile = settings.profile();
        this.timer = timer;
        this.clock = clock;
        this.authorize = new AuthorizeEndpoint(settings, grants, stats, () -> profile, templates, delivery, clock, random);
        this.token = new TokenEndpoint(settings, grants, stats, () -> profile, new IdTokens(settings.issuer(), keys), delivery,
                clock, random);
        if (!ServerConfig.isLoopback(settings.issuer())) {
            LOG.warn("the simulated provider is on at {}, which is not a loopback address: anyone who reaches it can log in as anyone",
                    settings.issuer());
        }
    }

    public void register(Javalin app) {
        app.get(PATH + "/.well-known/openid-configuration", this::discovery);
        app.get(PATH + "/jwks", this::jwks);
        app.get(PATH + "/authorize", ctx -> authorize.handle(ctx, ctx::queryParam));
        app.post(PATH + "/authorize", ctx -> authorize.handle(ctx, ctx::formParam));
        app.post(PATH + "/token", token::handle);
        app.get(PATH + "/userinfo", this::userinfo);
        app.post(PATH + "/userinfo", this::userinfo);
        app.get(PATH + "/end-session", ctx -> endSession(ctx, ctx::queryParam));
        app.post(PATH + "/end-session", ctx -> endSession(ctx, ctx::formParam));
        app.get(PATH + "/stats", ctx -> ctx.header("Cache-Control", "no-store").json(stats.toJson()));
        app.post(PATH + "/stats/reset", ctx -> {
            stats.reset();
            ctx.status(204);
        });
        app.get(PATH + "/profile", ctx -> ctx.json(profile.toJson()));
        app.put(PATH + "/profile", this::setProfile);
        app.delete(PATH + "/profile", ctx -> {
            profile = settings.profile();
            ctx.json(profile.toJson());
        });
        app.post(PATH + "/keys/rotate", this::rotate);
        app.events(events -> events.serverStarted(() -> timer.scheduleWithFixedDelay(this::cleanUp,
                CLEANUP_PERIOD_MS, CLEANUP_PERIOD_MS, TimeUnit.MILLISECONDS)));
    }

    private void discovery(Context ctx) {
        stats.add(Count.DISCOVERY_FETCHES);
        String issuer = settings.issuer();
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("issuer", issuer);
        document.put("authorization_endpoint", issuer + "/authorize");
        document.put("token_endpoint", issuer + "/token");
        document.put("userinfo_endpoint", issuer + "/userinfo");
        document.put("jwks_uri", issuer + "/jwks");
        document.put("end_session_endpoint", issuer + "/end-session");
        document.put("response_types_supported", List.of("code"));
        document.put("response_modes_supported", List.of("query"));
        document.put("grant_types_supported", List.of("authorization_code", "refresh_token"));
        document.put("subject_types_supported", List.of("public"));
        document.put("id_token_signing_alg_values_supported", List.of("RS256"));
        document.put("scopes_supported", List.of("openid", "profile", "email", "offline_access"));
        document.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post"));
        document.put("code_challenge_methods_supported", List.of("S256"));
        document.put("claims_supported", List.of("iss", "sub", "aud", "exp", "iat", "auth_time", "nonce", "azp", "at_hash",
                "name", "given_name", "family_name", "preferred_username", "email", "email_verified"));
        document.put("authorization_response_iss_parameter_supported", true);
        answerJson(ctx, Endpoint.DISCOVERY, document);
    }

    private void jwks(Context ctx) {
        stats.add(Count.JWKS_FETCHES);
        answerJson(ctx, Endpoint.JWKS, keys.jwks());
    }

    /** GET or POST /userinfo with a bearer token: the person the token was issued for. */
    private void userinfo(Context ctx) {
        stats.add(Count.USERINFO_REQUESTS);
        String header = Optional.ofNullable(ctx.header("Authorization")).orElse("");
        Optional<SimulatorGrant> grant = header.regionMatches(true, 0, "Bearer ", 0, 7)
                ? grants.byAccessToken(header.substring(7).trim()) : Optional.empty();
        if (grant.isEmpty() || grant.get().tokensIssuedAt() == null
                || clock.millis() - grant.get().tokensIssuedAt() > TokenEndpoint.ACCESS_TOKEN_SECONDS * 1000) {
            stats.add(Count.BAD_ACCESS_TOKEN);
            ctx.status(401).header("WWW-Authenticate", "Bearer error=\"invalid_token\"")
                    .json(Map.of("error", "invalid_token", "error_description", "the access token is unknown, expired or revoked"));
            return;
        }
        SimulatorGrant g = grant.get();
        long latency = latency(Endpoint.USERINFO);
        if (g.outcome() == SimulatedOutcome.USERINFO_ERROR) {
            delivery.after(ctx, latency, () -> OAuthError.send(ctx, 500, "server_error", "the simulated userinfo endpoint failed"));
            return;
        }
        Map<String, Object> person = IdTokens.person(g.username(), g.outcome() != SimulatedOutcome.UNVERIFIED_EMAIL);
        delivery.after(ctx, latency, () -> ctx.header("Cache-Control", "no-store").json(person));
    }

    /**
     * RP-initiated logout 1.0. The simulator keeps no login session of its own (every login asks
     * again), so ending one is only the way back: to a post_logout_redirect_uri on the origin of one
     * of the client's registered redirect URIs, with the state, or else a line saying it is done.
     */
    private void endSession(Context ctx, java.util.function.Function<String, String> param) {
        String clientId = param.apply("client_id");
        String back = param.apply("post_logout_redirect_uri");
        if (back == null || back.isEmpty()) {
            ctx.contentType("text/plain; charset=utf-8").result("You are logged out of the simulated provider.");
            return;
        }
        Optional<RegisteredClient> client = clientId == null ? Optional.empty() : settings.client(clientId);
        boolean allowed = settings.acceptAnyClient() ? origin(back) != null
                : client.map(c -> c.redirectUris().stream().anyMatch(uri -> java.util.Objects.equals(origin(uri), origin(back))))
                        .orElse(false);
        if (!allowed) {
            OAuthError.send(ctx, 400, "invalid_request", "post_logout_redirect_uri needs a client_id whose registered redirect URIs "
                    + "share its origin");
            return;
        }
        String state = param.apply("state");
        ctx.redirect(back + (state == null ? "" : (back.contains("?") ? "&" : "?") + "state="
                + java.net.URLEncoder.encode(state, java.nio.charset.StandardCharsets.UTF_8)));
    }

    /** scheme://host:port of an http(s) URL, or null. */
    private static String origin(String url) {
        try {
            java.net.URI uri = java.net.URI.create(url);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) return null;
            return uri.getScheme() + "://" + uri.getHost().toLowerCase(java.util.Locale.ROOT) + ":" + uri.getPort();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private void setProfile(Context ctx) {
        if (ctx.body().isBlank()) {
            OAuthError.send(ctx, 400, "invalid_request", "send the profile as JSON, such as {\"latency\": {\"token\": 200}}; "
                    + "DELETE restores the configured one");
            return;
        }
        try {
            profile = FaultProfile.parse(ctx.body(), settings.maxDelay().toMillis());
        } catch (IllegalArgumentException e) {
            OAuthError.send(ctx, 400, "invalid_request", e.getMessage());
            return;
        }
        LOG.info("simulator profile set: {}", profile.toJson());
        ctx.json(profile.toJson());
    }

    private void rotate(Context ctx) {
        String previous = keys.current().kid();
        String kid = keys.rotate();
        LOG.info("simulator signing key rotated: {} is current, {} is served for {}", kid, previous, settings.keyGrace());
        ctx.json(Map.of("kid", kid, "previous_kid", previous, "previous_served_seconds", settings.keyGrace().toSeconds()));
    }

    private void answerJson(Context ctx, Endpoint endpoint, Object body) {
        delivery.after(ctx, latency(endpoint), () -> ctx.json(body));
    }

    private long latency(Endpoint endpoint) {
        return Math.min(profile.latencyOf(endpoint).draw(random), settings.maxDelay().toMillis());
    }

    private void cleanUp() {
        try {
            int deleted = grants.deleteExpired(clock.millis());
            if (deleted > 0) LOG.debug("simulator: {} expired grants deleted", deleted);
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again; try on the next tick.
            LOG.warn("simulator grant clean-up failed: {}", e.getClass().getName());
        }
    }

    /** Expired grants go now, not at the next tick: for tests and the control endpoint. */
    int cleanUpNow() {
        return grants.deleteExpired(clock.millis());
    }

    int grantCount() {
        return grants.count();
    }
}
