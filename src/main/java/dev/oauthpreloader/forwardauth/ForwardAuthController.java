package dev.oauthpreloader.forwardauth;

import dev.oauthpreloader.login.LoginSession;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;

/**
 * GET /auth, oauth2-proxy's {@code /oauth2/auth} for this service: a reverse proxy asks it before
 * each request to an application, passing the browser's cookies. A logged-in session gets 202 and
 * headers naming the person (oauth2-proxy's {@code X-Auth-Request-*} names, plus ours for what it
 * has no name for); anyone else gets 401, and the proxy sends them to /start?rd=… to log in.
 *
 * <p>It runs on every request of every application behind the proxy, so it costs one keyed session
 * read and one account read, and writes nothing: a request without a live session (no cookie, a
 * forged, foreign, expired or ended one) neither creates a session nor gets a Set-Cookie.
 */
public final class ForwardAuthController {

    /** user_profile.id, as oauth2-proxy sends the user. */
    public static final String USER = "X-Auth-Request-User";
    public static final String EMAIL = "X-Auth-Request-Email";
    /** Ours: "true" when a provider of the account vouched for exactly that address, else "false". */
    public static final String EMAIL_VERIFIED = "X-Auth-Request-Email-Verified";
    /** Ours: first and last name. */
    public static final String NAME = "X-Auth-Request-Name";
    /** Ours: the provider of the identity the session logged in with ({@code github}, {@code corp-sso}). */
    public static final String PROVIDER = "X-Auth-Request-Provider";
    public static final String ACCESS_TOKEN = "X-Auth-Request-Access-Token";

    private final PersonLookup people;
    private final AccessTokenSource tokens;
    private final boolean passAccessToken;
    private final String baseUrl;

    /** @param emailTrusted the providers whose verified addresses X-Auth-Request-Email-Verified believes */
    public ForwardAuthController(Jdbi jdbi, ForwardAuthSettings settings, AccessTokenSource tokens, Set<String> emailTrusted,
                                 String baseUrl) {
        this.people = new PersonLookup(jdbi, emailTrusted);
        this.tokens = tokens;
        this.passAccessToken = settings.passAccessToken();
        this.baseUrl = baseUrl;
    }

    public void register(Javalin app) {
        app.get("/auth", this::auth);
        app.head("/auth", this::auth);
    }

    void auth(Context ctx) {
        LoginSession session = LoginSession.of(ctx);
        Optional<SignedInPerson> person = session.userId().flatMap(people::find);
        if (person.isEmpty()) {
            refuse(ctx);
            return;
        }
        SignedInPerson p = person.get();
        Optional<String> provider = session.loginProvider();
        ctx.header(USER, Long.toString(p.userId()));
        if (p.email() != null && !p.email().isBlank()) {
            ctx.header(EMAIL, HeaderValue.encode(p.email()));
            ctx.header(EMAIL_VERIFIED, Boolean.toString(p.emailVerified()));
        }
        if (p.name() != null) ctx.header(NAME, HeaderValue.encode(p.name()));
        provider.ifPresent(name -> ctx.header(PROVIDER, name));
        if (passAccessToken && provider.isPresent()) {
            tokens.currentAccessToken(p.userId(), provider.get()).ifPresent(token -> ctx.header(ACCESS_TOKEN, token));
        }
        ctx.status(202);
    }

    /**
     * 401 for nginx's auth_request, which turns it into its own redirect. With {@code ?redirect=true}
     * (Traefik's forwardAuth and Caddy's forward_auth, which hand a non-2xx answer to the browser as
     * it is) a 302 to /start with the address the proxy says was asked for; /start checks it.
     */
    private void refuse(Context ctx) {
        String host = ctx.header("X-Forwarded-Host");
        if ("true".equals(ctx.queryParam("redirect")) && host != null && !host.isBlank()) {
            String proto = Optional.ofNullable(ctx.header("X-Forwarded-Proto")).orElse("http");
            String uri = Optional.ofNullable(ctx.header("X-Forwarded-Uri")).orElse("/");
            String original = proto + "://" + host + uri;
            ctx.redirect(baseUrl + "/start?rd=" + URLEncoder.encode(original, StandardCharsets.UTF_8));
            return;
        }
        ctx.status(401);
    }
}
