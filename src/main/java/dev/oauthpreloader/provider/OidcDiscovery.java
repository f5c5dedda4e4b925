package dev.oauthpreloader.provider;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.URLBasedJWKSetSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.pac4j.oidc.config.OidcConfiguration;
import org.pac4j.oidc.credentials.clientauth.DefaultClientAuthenticationBuilder;
import org.pac4j.oidc.metadata.IOidcOpMetadataResolver;
import org.pac4j.oidc.profile.creator.TokenValidator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A provider's discovery document, fetched once, at start-up in the background (so that the first
 * login does not wait for it) or else on first use, with timeouts, and kept for the life of the
 * process. pac4j's own resolver re-checks the document's URL every minute from whichever
 * thread asks, which would put a provider call on a /login or /callback request thread. The
 * signing keys are not part of this: nimbus fetches the JWKS in the worker, caches it, and refetches it
 * when an id_token names a key it has not seen, at most once a minute, so key rotation needs no restart.
 */
final class OidcDiscovery implements IOidcOpMetadataResolver {

    private static final Logger LOG = LoggerFactory.getLogger(OidcDiscovery.class);
    /** After a failed fetch, logins fail fast for this long instead of each waiting on a dead provider. */
    private static final long RETRY_AFTER_MILLIS = 10_000;
    /** However many id_tokens name unknown keys, the provider's JWKS is fetched no more often than this. */
    static final long JWKS_REFETCH_MILLIS = 60_000;

    private final String providerName;
    private final OidcConfiguration configuration;
    private final URI discoveryUrl;
    private final String expectedIssuer;
    private final HttpClient http;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final boolean acceptHs256IdTokens;
    private final boolean logoutAtProvider;
    private volatile Discovered discovered;
    private long failedAt = Long.MIN_VALUE / 2;

    private record Discovered(OIDCProviderMetadata metadata, TokenValidator tokens,
                              ClientAuthentication tokenEndpointAuth, ClientAuthentication parEndpointAuth) {
    }

    OidcDiscovery(OidcPreset settings, OidcConfiguration configuration, Duration connectTimeout, Duration readTimeout) {
        this.providerName = settings.name();
        this.configuration = configuration;
        this.discoveryUrl = URI.create(settings.discoveryUrl());
        this.expectedIssuer = settings.expectedIssuer();
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
        this.acceptHs256IdTokens = settings.acceptHs256IdTokens();
        this.logoutAtProvider = settings.logoutAtProvider();
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Fetches the document now, on a thread of its own; a failure is logged, and the first login tries again. */
    void prefetch() {
        Thread thread = new Thread(() -> {
            try {
                discovered();
            } catch (RuntimeException e) {
                // already logged; logins answer 503 until a later attempt succeeds
            }
        }, "oidc-discovery-" + providerName);
        thread.setDaemon(true);
        thread.start();
    }

    /** The authorization endpoint if the document has been read, else null; never waits for it. */
    String authorizationEndpointIfKnown() {
        Discovered current = discovered;
        return current == null ? null : current.metadata().getAuthorizationEndpointURI().toString();
    }

    /** The end_session_endpoint if the document has been read and names one, else null; never waits for it. */
    String endSessionEndpointIfKnown() {
        Discovered current = discovered;
        URI endpoint = current == null ? null : current.metadata().getEndSessionEndpointURI();
        return endpoint == null ? null : endpoint.toString();
    }

    /**
     * RFC 9207 for an OpenID provider: a callback's {@code iss} must name the discovered issuer (simple string
     * comparison, section 2.4), and may be left out only by a provider whose document does not promise it (section 3).
     */
    Optional<CallbackRefusal> refusalOfIss(String iss) {
        OIDCProviderMetadata metadata;
        try {
            metadata = load();
        } catch (ProviderUnavailable e) {
            // Read since the redirect unless this process restarted; without it nothing here can be checked, so no exchange.
            return Optional.of(CallbackRefusal.UNUSABLE_RESPONSE);
        }
        if (iss == null) {
            return metadata.supportsAuthorizationResponseIssuerParam() ? Optional.of(CallbackRefusal.MISSING_ISSUER) : Optional.empty();
        }
        return metadata.getIssuer().getValue().equals(iss) ? Optional.empty() : Optional.of(CallbackRefusal.WRONG_ISSUER);
    }

    @Override
    public OIDCProviderMetadata load() {
        return discovered().metadata();
    }

    @Override
    public TokenValidator getTokenValidator() {
        return discovered().tokens();
    }

    @Override
    public ClientAuthentication getClientAuthenticationTokenEndpoint() {
        return discovered().tokenEndpointAuth();
    }

    @Override
    public ClientAuthentication getClientAuthenticationPAREndpoint() {
        return discovered().parEndpointAuth();
    }

    private Discovered discovered() {
        Discovered current = discovered;
        if (current != null) return current;
        synchronized (this) {
            if (discovered != null) return discovered;
            long now = System.currentTimeMillis();
            if (now - failedAt < RETRY_AFTER_MILLIS) throw unavailable();
            try {
                discovered = fetch();
                return discovered;
            } catch (IOException | ParseException | RuntimeException e) {
                failedAt = now;
                LOG.warn("discovery for {} failed: {}", providerName,
                        e instanceof UnusableProvider ? e.getMessage() : e.getClass().getSimpleName());
                throw unavailable();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw unavailable();
            }
        }
    }

    private Discovered fetch() throws IOException, InterruptedException, ParseException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(discoveryUrl).timeout(readTimeout)
                .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) throw new IOException("discovery answered " + response.statusCode());
        OIDCProviderMetadata metadata = OIDCProviderMetadata.parse(response.body());
        if (expectedIssuer != null && !expectedIssuer.equals(metadata.getIssuer().getValue())) {
            throw new UnusableProvider("the discovery document names another issuer");
        }
        var tokenAuth = new DefaultClientAuthenticationBuilder(configuration, metadata, metadata.getTokenEndpointURI());
        tokenAuth.buildClientAuthentication();
        var parAuth = new DefaultClientAuthenticationBuilder(configuration, metadata,
                metadata.getPushedAuthorizationRequestEndpointURI());
        parAuth.buildClientAuthentication();
        LOG.info("discovered OpenID provider {} (issuer {})", providerName, metadata.getIssuer());
        if (logoutAtProvider && metadata.getEndSessionEndpointURI() == null) {
            LOG.warn("logout at provider {} is on, but its discovery document names no end_session_endpoint: "
                    + "logging out ends only the session here", providerName);
        }
        Set<JWSAlgorithm> algorithms = IdTokenChecks.accepted(metadata.getIDTokenJWSAlgs(), acceptHs256IdTokens);
        if (algorithms.isEmpty()) {
            throw new UnusableProvider("it signs id_tokens with none of RS*, PS*, ES*, EdDSA (it lists "
                    + metadata.getIDTokenJWSAlgs() + "); only where it signs with HS256 and the client secret may that be accepted");
        }
        return new Discovered(metadata, new IdTokenChecks(configuration, metadata, algorithms, keys(metadata)),
                tokenAuth.getClientAuthentication(), parAuth.getClientAuthentication());
    }

    /** One key source per provider, so that every algorithm shares its cache and its refetch limit. */
    private JWKSource<SecurityContext> keys(OIDCProviderMetadata metadata) throws IOException {
        var retriever = new DefaultResourceRetriever(Math.toIntExact(connectTimeout.toMillis()),
                Math.toIntExact(readTimeout.toMillis()), JWKSourceBuilder.DEFAULT_HTTP_SIZE_LIMIT);
        var fetched = new URLBasedJWKSetSource<SecurityContext>(metadata.getJWKSetURI().toURL(), retriever);
        // Cached 5 minutes (nimbus's default); no refresh ahead, which would fetch on a thread pool of nimbus's own.
        return JWKSourceBuilder.create(new JwksRefetchLimit(fetched, JWKS_REFETCH_MILLIS))
                .rateLimited(false).refreshAheadCache(false).build();
    }

    /** A discovery document this service cannot log in with; its message, for the log, names no secret. */
    private static final class UnusableProvider extends IllegalStateException {
        UnusableProvider(String message) {
            super(message);
        }
    }

    private ProviderUnavailable unavailable() {
        return new ProviderUnavailable("We could not reach this login provider just now. Please try again in a moment.");
    }
}
