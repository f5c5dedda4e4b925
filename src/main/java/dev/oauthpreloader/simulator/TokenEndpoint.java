package dev.oauthpreloader.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.oauthpreloader.crypto.Tokens;
import dev.oauthpreloader.simulator.SimulatorStats.Count;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * POST /token: the authorization code grant (client authenticated, code single use and fresh,
 * redirect URI and PKCE verifier matching) and the refresh grant. The checks and the code's
 * redemption happen at once; only the answer waits for the chosen latency and carries the fault.
 */
final class TokenEndpoint {

    static final long ACCESS_TOKEN_SECONDS = 3600;
    static final long REFRESH_LIFETIME_MS = 24 * 3600_000L;
    private static final Pattern VERIFIER = Pattern.compile("[A-Za-z0-9._~-]{43,128}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SimulatorSettings settings;
    private final SimulatorGrants grants;
    private final SimulatorStats stats;
    private final Supplier<FaultProfile> profile;
    private final ClientAuthentication authentication;
    private final IdTokens idTokens;
    private final Delivery delivery;
    private final Clock clock;
    private final RandomGenerator random;

    TokenEndpoint(SimulatorSettings settings, SimulatorGrants grants, SimulatorStats stats, Supplier<FaultProfile> profile,
                  IdTokens idTokens, Delivery delivery, Clock clock, RandomGenerator random) {
        this.settings = settings;
        this.grants = grants;
        this.stats = stats;
        this.profile = profile;
        this.authentication = new ClientAuthentication(settings);
        this.idTokens = idTokens;
        this.delivery = delivery;
        this.clock = clock;
        this.random = random;
    }

    void handle(Context ctx) {
        stats.add(Count.TOKEN_REQUESTS);
        ClientAuthentication.Result auth = authentication.authenticate(ctx);
        stats.add(auth.counted());
        if (auth.client() == null) {
            ctx.header("WWW-Authenticate", "Basic realm=\"simulator\"");
            OAuthError.send(ctx, 401, "invalid_client", auth.error());
            return;
        }
        String grantType = ctx.formParam("grant_type");
        if ("authorization_code".equals(grantType)) {
            code(ctx, auth.client());
        } else if ("refresh_token".equals(grantType)) {
            refresh(ctx, auth.client());
        } else {
            stats.add(Count.OTHER_BAD_REQUEST);
            OAuthError.send(ctx, 400, "unsupported_grant_type", "grant_type must be authorization_code or refresh_token");
        }
    }

    private void code(Context ctx, RegisteredClient client) {
        String code = ctx.formParam("code");
        if (code == null || code.isEmpty()) {
            refuse(ctx, Count.OTHER_BAD_REQUEST, "invalid_request", "code is missing");
            return;
        }
        Optional<SimulatorGrant> found = grants.byCode(code);
        if (found.isEmpty()) {
            refuse(ctx, Count.UNKNOWN_CODE, "invalid_grant", "this code was never issued, or has been cleaned up");
            return;
        }
        SimulatorGrant grant = found.get();
        long now = clock.millis();
        String verifier = ctx.formParam("code_verifier");
        if (!grant.clientId().equals(client.id())) {
            refuse(ctx, Count.OTHER_BAD_REQUEST, "invalid_grant", "this code was issued to another client");
        } else if (grant.redeemedAt() != null) {
            grants.revoke(grant.codeHash());
            refuse(ctx, Count.CODE_REPLAY, "invalid_grant", "this code was already used; the tokens issued for it are revoked");
        } else if (now - grant.createdAt() > AuthorizeEndpoint.CODE_LIFETIME_MS) {
            refuse(ctx, Count.EXPIRED_CODE, "invalid_grant", "this code has expired");
        } else if (!grant.redirectUri().equals(ctx.formParam("redirect_uri"))) {
            refuse(ctx, Count.REDIRECT_URI_MISMATCH, "invalid_grant", "redirect_uri differs from the authorization request's");
        } else if (verifier == null) {
            refuse(ctx, Count.MISSING_PKCE_VERIFIER, "invalid_grant", "code_verifier is missing (PKCE)");
        } else if (!VERIFIER.matcher(verifier).matches() || !Tokens.constantTimeEquals(grant.codeChallenge(), Tokens.s256(verifier))) {
            refuse(ctx, Count.WRONG_PKCE_VERIFIER, "invalid_grant", "code_verifier does not match the code_challenge");
        } else {
            String accessToken = Tokens.random();
            String refreshToken = Tokens.random();
            if (!grants.redeem(code, accessToken, refreshToken, now, now + REFRESH_LIFETIME_MS)) {
                refuse(ctx, Count.CODE_REPLAY, "invalid_grant", "this code was already used");
                return;
            }
            stats.add(Count.CODES_REDEEMED);
            Map<String, Object> body = tokens(grant, accessToken, refreshToken, grant.nonce(), now);
            long latency = grant.delayMs() > 0 ? grant.delayMs() : drawLatency();
            answer(ctx, grant.outcome(), body, latency);
        }
    }

    private void refresh(Context ctx, RegisteredClient client) {
        String refreshToken = ctx.formParam("refresh_token");
        Optional<SimulatorGrant> found = refreshToken == null ? Optional.empty() : grants.byRefreshToken(refreshToken);
        if (found.isEmpty() || !found.get().clientId().equals(client.id())) {
            refuse(ctx, Count.BAD_REFRESH_TOKEN, "invalid_grant", "this refresh token is unknown, spent or revoked");
            return;
        }
        long now = clock.millis();
        String accessToken = Tokens.random();
        String newRefreshToken = Tokens.random();
        if (!grants.refresh(refreshToken, accessToken, newRefreshToken, now, now + REFRESH_LIFETIME_MS)) {
            refuse(ctx, Count.BAD_REFRESH_TOKEN, "invalid_grant", "this refresh token was just spent");
            return;
        }
        stats.add(Count.REFRESHES);
        // A refreshed id_token carries no nonce (OpenID Connect Core 12.2); the login's faults are not replayed.
        SimulatorGrant grant = found.get();
        SimulatorGrant clean = new SimulatorGrant(grant.codeHash(), grant.clientId(), grant.redirectUri(), grant.codeChallenge(),
                grant.scope(), null, grant.username(), 0, SimulatedOutcome.OK, grant.createdAt(), grant.redeemedAt(), now);
        answer(ctx, SimulatedOutcome.OK, tokens(clean, accessToken, newRefreshToken, null, now), drawLatency());
    }

    private Map<String, Object> tokens(SimulatorGrant grant, String accessToken, String refreshToken, String nonce, long now) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", accessToken);
        body.put("token_type", "Bearer");
        body.put("expires_in", ACCESS_TOKEN_SECONDS);
        body.put("refresh_token", refreshToken);
        body.put("scope", grant.scope());
        if (grant.isOpenId()) body.put("id_token", idTokens.mint(grant, accessToken, nonce, now));
        return body;
    }

    private void answer(Context ctx, SimulatedOutcome outcome, Map<String, Object> body, long latency) {
        ctx.header("Cache-Control", "no-store").header("Pragma", "no-cache");
        switch (outcome) {
            case HANG -> delivery.hang(ctx);
            case TRICKLE -> delivery.trickle(ctx, "application/json", json(body).getBytes(StandardCharsets.UTF_8));
            case RESET -> delivery.after(ctx, latency, () -> Delivery.reset(ctx));
            case TOKEN_ERROR -> delivery.after(ctx, latency, () -> ctx.status(500).contentType("text/html; charset=utf-8")
                    .result("<html><body><h1>500 Internal Server Error</h1><p>The simulated provider failed.</p></body></html>"));
            case RATE_LIMITED -> delivery.after(ctx, latency, () -> ctx.status(429).header("Retry-After", "30")
                    .contentType("application/json").result("{\"error\":\"slow_down\",\"error_description\":\"too many requests\"}"));
            case BAD_JSON -> delivery.after(ctx, latency, () -> ctx.status(200).contentType("application/json")
                    .result("{\"access_token\": \"" + String.valueOf(body.get("access_token")).substring(0, 8) + "\", \"token_type\": "));
            default -> delivery.after(ctx, latency, () -> ctx.contentType("application/json").result(json(body)));
        }
    }

    private long drawLatency() {
        return Math.min(profile.get().latencyOf(Endpoint.TOKEN).draw(random), settings.maxDelay().toMillis());
    }

    private void refuse(Context ctx, Count count, String error, String description) {
        stats.add(count);
        OAuthError.send(ctx, 400, error, description);
    }

    private static String json(Map<String, Object> body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
