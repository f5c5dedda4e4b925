package dev.oauthpreloader.simulator;

import dev.oauthpreloader.crypto.Tokens;
import dev.oauthpreloader.simulator.SimulatorStats.Count;
import dev.oauthpreloader.web.Templates;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * The authorization endpoint. Client and redirect URI are checked first and a failure there is a
 * page, never a redirect: sending an error to a URI nobody registered would make the simulator an
 * open redirector. Every other problem goes back to the client as RFC 6749 section 4.1.2.1 says,
 * with {@code state} and {@code iss} (RFC 9207).
 */
final class AuthorizeEndpoint {

    static final long CODE_LIFETIME_MS = 60_000;
    private static final Pattern CHALLENGE = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final int MAX_PARAMETER = 1024;
    /** The service's page policy, with the client's origin added to form-action. */
    private static final String CONSENT_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self' %s; frame-ancestors 'none'";

    private final SimulatorSettings settings;
    private final SimulatorGrants grants;
    private final SimulatorStats stats;
    private final Supplier<FaultProfile> profile;
    private final Templates templates;
    private final Delivery delivery;
    private final Clock clock;
    private final RandomGenerator random;

    AuthorizeEndpoint(SimulatorSettings settings, SimulatorGrants grants, SimulatorStats stats, Supplier<FaultProfile> profile,
                      Templates templates, Delivery delivery, Clock clock, RandomGenerator random) {
        this.settings = settings;
        this.grants = grants;
        this.stats = stats;
        this.profile = profile;
        this.templates = templates;
        this.delivery = delivery;
        this.clock = clock;
        this.random = random;
    }

    /** GET shows the consent page (or decides at once with auto=1); POST is the tester's decision. */
    void handle(Context ctx, Function<String, String> param) {
        stats.add(Count.AUTHORIZE_REQUESTS);
        String clientId = param.apply("client_id");
        String redirectUri = param.apply("redirect_uri");
        if (!knownClient(clientId)) {
            stats.add(Count.UNKNOWN_CLIENT);
            throw new BadRequestResponse("The simulated provider does not know the client '" + shorten(clientId)
                    + "'. Register it (see docs/simulator.md) or check client_id.");
        }
        if (!redirectAllowed(clientId, redirectUri)) {
            stats.add(Count.REDIRECT_URI_MISMATCH);
            throw new BadRequestResponse("This redirect_uri is not registered for the client '" + shorten(clientId)
                    + "'. The simulated provider compares redirect URIs exactly.");
        }
        String state = param.apply("state");
        boolean deciding = ctx.method().name().equals("POST") || isAuto(param) || profile.get().auto();
        Optional<String> problem = problem(param, deciding);
        if (problem.isPresent()) {
            redirect(ctx, redirectUri, "error=invalid_request&error_description=" + encode(problem.get()), state);
            return;
        }
        if (!"code".equals(param.apply("response_type"))) {
            stats.add(Count.OTHER_BAD_REQUEST);
            redirect(ctx, redirectUri, "error=unsupported_response_type", state);
            return;
        }
        SimulatorChoice choice = SimulatorChoice.parse(param);
        if (choice.delayMs() > settings.maxDelay().toMillis()) {
            throw new BadRequestResponse("delay must be at most " + settings.maxDelay().toMillis()
                    + " milliseconds here: a slower answer would come after the login has already given up.");
        }
        long latency = Math.min(profile.get().latencyOf(Endpoint.AUTHORIZE).draw(random), settings.maxDelay().toMillis());
        if (!deciding) {
            delivery.after(ctx, latency, () -> consentPage(ctx, param, choice));
            return;
        }
        SimulatedOutcome outcome = choice.outcome() != SimulatedOutcome.OK ? choice.outcome() : profile.get().draw(random);
        if ("deny".equals(param.apply("decision")) || outcome == SimulatedOutcome.DENIED) {
            delivery.after(ctx, latency, () -> redirect(ctx, redirectUri,
                    "error=access_denied&error_description=" + encode("The user denied access."), state));
            return;
        }
        String code = Tokens.random();
        long now = clock.millis();
        grants.issue(code, clientId, redirectUri, param.apply("code_challenge"), Optional.ofNullable(param.apply("scope")).orElse(""),
                param.apply("nonce"), choice.user(), choice.delayMs(), outcome, now, now + CODE_LIFETIME_MS);
        stats.add(Count.CODES_ISSUED);
        delivery.after(ctx, latency, () -> redirect(ctx, redirectUri, "code=" + code, state));
    }

    /** What a real provider would refuse, counted on the decision only (not again for the consent page). */
    private Optional<String> problem(Function<String, String> param, boolean deciding) {
        String state = param.apply("state");
        String nonce = param.apply("nonce");
        String challenge = param.apply("code_challenge");
        String method = param.apply("code_challenge_method");
        boolean openid = (" " + Optional.ofNullable(param.apply("scope")).orElse("") + " ").contains(" openid ");
        if (deciding) {
            stats.add(state == null ? Count.MISSING_STATE : Count.STATE_SENT);
            if (openid) stats.add(nonce == null ? Count.MISSING_NONCE : Count.NONCE_SENT);
        }
        if ((state != null && state.length() > MAX_PARAMETER) || (nonce != null && nonce.length() > 512)) {
            return Optional.of("state may be at most " + MAX_PARAMETER + " characters and nonce at most 512");
        }
        if (challenge == null) {
            if (deciding) stats.add(Count.MISSING_PKCE);
            return Optional.of("PKCE is required: send code_challenge with code_challenge_method=S256");
        }
        if (!"S256".equals(method)) {
            if (deciding) stats.add(Count.PLAIN_PKCE);
            return Optional.of("code_challenge_method must be S256; plain is refused");
        }
        if (!CHALLENGE.matcher(challenge).matches()) {
            if (deciding) stats.add(Count.OTHER_BAD_REQUEST);
            return Optional.of("code_challenge must be the 43-character base64url SHA-256 of the verifier");
        }
        if (deciding) stats.add(Count.PKCE_S256);
        return Optional.empty();
    }

    private void consentPage(Context ctx, Function<String, String> param, SimulatorChoice choice) {
        Map<String, String> hidden = new LinkedHashMap<>();
        for (String name : new String[] {"response_type", "client_id", "redirect_uri", "scope", "state", "nonce",
                "code_challenge", "code_challenge_method"}) {
            String value = param.apply(name);
            if (value != null) hidden.put(name, value);
        }
        // The decision's answer redirects to the client; browsers hold that redirect to form-action too.
        ctx.header("Content-Security-Policy", CONSENT_POLICY.formatted(origin(param.apply("redirect_uri"))));
        templates.page(ctx, "simulator/consent.jte", Map.of(
                "hidden", hidden, "clientId", param.apply("client_id"), "choice", choice,
                "outcomes", SimulatedOutcome.values(), "maxDelay", settings.maxDelay().toMillis()));
    }

    private static String origin(String uri) {
        URI parsed = URI.create(uri);
        return parsed.getScheme() + "://" + parsed.getHost() + (parsed.getPort() < 0 ? "" : ":" + parsed.getPort());
    }

    private boolean knownClient(String clientId) {
        if (clientId == null || clientId.isEmpty()) return false;
        return settings.acceptAnyClient() || settings.client(clientId).isPresent();
    }

    private boolean redirectAllowed(String clientId, String redirectUri) {
        if (redirectUri == null) return false;
        if (!settings.acceptAnyClient()) return settings.client(clientId).map(c -> c.allows(redirectUri)).orElse(false);
        try {
            URI uri = URI.create(redirectUri);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
                    && uri.getFragment() == null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private void redirect(Context ctx, String redirectUri, String parameters, String state) {
        ctx.redirect(redirectUri + (redirectUri.contains("?") ? "&" : "?") + parameters
                + (state == null ? "" : "&state=" + encode(state)) + "&iss=" + encode(settings.issuer()));
    }

    private static boolean isAuto(Function<String, String> param) {
        String auto = param.apply("auto");
        return "1".equals(auto) || "true".equalsIgnoreCase(auto);
    }

    private static String shorten(String value) {
        if (value == null) return "";
        return value.length() > 64 ? value.substring(0, 64) + "…" : value;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
