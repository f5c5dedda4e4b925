package dev.oauthpreloader.simulator;

import dev.oauthpreloader.crypto.Tokens;
import dev.oauthpreloader.web.Templates;
import io.javalin.Javalin;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jdbi.v3.core.Jdbi;

/**
 * The built-in simulated provider: a small OAuth 2.0 authorization server (authorization code
 * grant, PKCE S256 required, client secret checked, single-use codes) whose consent page lets a
 * tester choose who logs in and how the provider misbehaves. Its token endpoint waits on a timer,
 * not on a thread, so a thousand slow simulated logins cost no threads.
 */
public final class SimulatorRoutes {

    public static final String PATH = "/simulator";
    public static final String CLIENT_ID = "oauth-preloader";
    /** A demo credential for a provider that exists only inside this service; not a secret. */
    public static final String CLIENT_SECRET = "simulator-demo-secret";
    private static final long CODE_LIFETIME_MS = 60_000;
    private static final long HANG_MINUTES = 10;

    private final SimulatorGrants grants;
    private final Templates templates;
    private final String redirectUri;
    /** Named in {@code iss} on every redirect back (RFC 9207), so the client can tell who answered. */
    private final String issuer;
    private final Executor responder;
    private final Clock clock;

    public SimulatorRoutes(Jdbi jdbi, Templates templates, String baseUrl, Executor responder, Clock clock) {
        this.grants = new SimulatorGrants(jdbi);
        this.templates = templates;
        this.redirectUri = baseUrl + "/callback/" + SimulatorChoice.PROVIDER;
        this.issuer = baseUrl + PATH;
        this.responder = responder;
        this.clock = clock;
    }

    public void register(Javalin app) {
        app.get(PATH + "/authorize", ctx -> authorize(ctx, ctx::queryParam));
        app.post(PATH + "/authorize", ctx -> authorize(ctx, ctx::formParam));
        app.post(PATH + "/token", this::token);
        app.get(PATH + "/userinfo", this::userinfo);
    }

    /** GET shows the consent page (or decides at once with auto=1); POST is the tester's decision. */
    private void authorize(Context ctx, Function<String, String> param) {
        if (!CLIENT_ID.equals(param.apply("client_id")) || !redirectUri.equals(param.apply("redirect_uri"))) {
            // Never redirect to a URI we cannot vouch for: answer here instead.
            throw new BadRequestResponse("The simulated provider does not know this client or its redirect URI.");
        }
        String state = param.apply("state");
        if (!"code".equals(param.apply("response_type"))) {
            redirectError(ctx, "unsupported_response_type", state);
            return;
        }
        String challenge = param.apply("code_challenge");
        if (challenge == null || challenge.length() < 43 || challenge.length() > 128 || !"S256".equals(param.apply("code_challenge_method"))) {
            redirectError(ctx, "invalid_request", state);
            return;
        }
        SimulatorChoice choice = SimulatorChoice.parse(param);
        String decision = param.apply("decision");
        if (ctx.method().name().equals("GET") && !choice.auto()) {
            consentPage(ctx, param, choice);
        } else if ("deny".equals(decision) || choice.outcome() == SimulatedOutcome.DENIED) {
            redirectError(ctx, "access_denied", state);
        } else {
            String code = Tokens.random();
            grants.issue(code, CLIENT_ID, redirectUri, challenge, choice, clock.millis());
            ctx.redirect(redirectUri + "?code=" + code + stateParam(state) + issuerParam());
        }
    }

    private void consentPage(Context ctx, Function<String, String> param, SimulatorChoice choice) {
        Map<String, String> hidden = new LinkedHashMap<>();
        for (String name : new String[] {"response_type", "client_id", "redirect_uri", "scope", "state",
                "code_challenge", "code_challenge_method"}) {
            String value = param.apply(name);
            if (value != null) hidden.put(name, value);
        }
        templates.page(ctx, "simulator/consent.jte", Map.of(
                "hidden", hidden, "choice", choice, "outcomes", SimulatedOutcome.values(),
                "maxDelay", SimulatorChoice.MAX_DELAY_MS));
    }

    /** POST /simulator/token: code for token, after the chosen latency, with the chosen outcome. */
    private void token(Context ctx) {
        if (!clientAuthenticated(ctx)) {
            ctx.status(HttpStatus.UNAUTHORIZED).header("WWW-Authenticate", "Basic realm=\"simulator\"")
                    .json(Map.of("error", "invalid_client"));
            return;
        }
        if (!"authorization_code".equals(ctx.formParam("grant_type"))) {
            ctx.status(HttpStatus.BAD_REQUEST).json(Map.of("error", "unsupported_grant_type"));
            return;
        }
        String code = Optional.ofNullable(ctx.formParam("code")).orElse("");
        String verifier = ctx.formParam("code_verifier");
        Optional<SimulatorGrant> grant = grants.byCode(code).filter(g -> g.redeemedAt() == null
                && clock.millis() - g.createdAt() <= CODE_LIFETIME_MS
                && g.redirectUri().equals(ctx.formParam("redirect_uri"))
                && verifier != null && Tokens.constantTimeEquals(g.codeChallenge(), Tokens.s256(verifier)));
        String accessToken = Tokens.random();
        if (grant.isEmpty() || !grants.redeem(code, accessToken, clock.millis())) {
            ctx.status(HttpStatus.BAD_REQUEST).json(Map.of("error", "invalid_grant"));
            return;
        }
        SimulatorGrant g = grant.get();
        if (g.outcome() == SimulatedOutcome.HANG) {
            CompletableFuture<Void> never = new CompletableFuture<Void>().completeOnTimeout(null, HANG_MINUTES, TimeUnit.MINUTES);
            ctx.future(() -> never.thenRun(() -> ctx.status(HttpStatus.GATEWAY_TIMEOUT).result("")));
            return;
        }
        Runnable answer = () -> tokenAnswer(ctx, g.outcome(), accessToken);
        if (g.delayMs() == 0) {
            answer.run();
        } else {
            ctx.future(() -> CompletableFuture.runAsync(answer,
                    CompletableFuture.delayedExecutor(g.delayMs(), TimeUnit.MILLISECONDS, responder)));
        }
    }

    private static void tokenAnswer(Context ctx, SimulatedOutcome outcome, String accessToken) {
        switch (outcome) {
            case TOKEN_ERROR -> ctx.status(HttpStatus.INTERNAL_SERVER_ERROR).contentType("text/html")
                    .result("<html><body><h1>500 Internal Server Error</h1></body></html>");
            case BAD_JSON -> ctx.status(HttpStatus.OK).contentType("application/json")
                    .result("{\"access_token\": \"" + accessToken.substring(0, 8) + "\", \"token_type\": ");
            default -> ctx.header("Cache-Control", "no-store")
                    .json(Map.of("access_token", accessToken, "token_type", "Bearer", "expires_in", 3600));
        }
    }

    /** GET /simulator/userinfo with a bearer token. */
    private void userinfo(Context ctx) {
        String header = Optional.ofNullable(ctx.header("Authorization")).orElse("");
        Optional<SimulatorGrant> grant = header.startsWith("Bearer ")
                ? grants.byAccessToken(header.substring("Bearer ".length()).trim()) : Optional.empty();
        if (grant.isEmpty()) {
            ctx.status(HttpStatus.UNAUTHORIZED).header("WWW-Authenticate", "Bearer error=\"invalid_token\"")
                    .json(Map.of("error", "invalid_token"));
            return;
        }
        if (grant.get().outcome() == SimulatedOutcome.USERINFO_ERROR) {
            ctx.status(HttpStatus.INTERNAL_SERVER_ERROR).json(Map.of("error", "server_error"));
            return;
        }
        String user = grant.get().username();
        ctx.json(Map.of(
                "sub", "sim-" + user,
                "preferred_username", user,
                "given_name", SimulatorChoice.firstName(user),
                "family_name", "Simulated",
                "email", user + "@simulator.invalid",
                "email_verified", true));
    }

    private static boolean clientAuthenticated(Context ctx) {
        String header = ctx.header("Authorization");
        String id = ctx.formParam("client_id");
        String secret = ctx.formParam("client_secret");
        if (header != null && header.startsWith("Basic ")) {
            try {
                String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                if (colon < 0) return false;
                id = java.net.URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
                secret = java.net.URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
        return CLIENT_ID.equals(id) && Tokens.constantTimeEquals(CLIENT_SECRET, secret);
    }

    private void redirectError(Context ctx, String error, String state) {
        ctx.redirect(redirectUri + "?error=" + error + stateParam(state) + issuerParam());
    }

    private String issuerParam() {
        return "&iss=" + URLEncoder.encode(issuer, StandardCharsets.UTF_8);
    }

    private static String stateParam(String state) {
        return state == null ? "" : "&state=" + URLEncoder.encode(state, StandardCharsets.UTF_8);
    }
}
