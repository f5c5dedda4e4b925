package dev.oauthpreloader.support;

import static dev.oauthpreloader.support.ScriptedProvider.json;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * An OpenID Connect provider on a {@link ScriptedProvider}, answering with Google's response shapes: the
 * discovery document, a JWKS with one RSA key, a token endpoint that returns an id_token signed with
 * that key, and userinfo. The test shapes the id_token's claims for each case.
 */
public final class FakeOidcProvider implements AutoCloseable {

    public static final String CLIENT_ID = "1234-test.apps.googleusercontent.com";
    public static final String CLIENT_SECRET = "GOCSPX-test-secret-do-not-log";

    private final ScriptedProvider server = new ScriptedProvider();
    private final String issuer;
    private final String base;
    private final RSAKey key = newKey("key-1");
    public final List<RecordedRequest> discoveryRequests;
    public final List<RecordedRequest> jwksRequests;
    public final List<RecordedRequest> tokenRequests;
    private volatile Function<String, MockResponse> token = nonce -> tokenResponse(idToken(nonce, c -> c));
    private volatile String expectedNonce;
    private final Map<String, Object> discoveryChanges = new ConcurrentHashMap<>();
    private static final Object REMOVED = new Object();
    private volatile String userinfo = """
            {"sub":"110169484474386276334","name":"Ada Lovelace","given_name":"Ada","family_name":"Lovelace",
             "picture":"https://lh3.googleusercontent.com/a/x","email":"ada@example.org","email_verified":true}""";

    /** @param issuerPath the issuer's path on the mock ("" for a host-only issuer such as Google's) */
    public FakeOidcProvider(String issuerPath) {
        this(issuerPath, null);
    }

    /** @param fixedIssuer the issuer the discovery document names, such as https://accounts.google.com */
    public FakeOidcProvider(String issuerPath, String fixedIssuer) {
        this.base = server.url() + issuerPath;
        this.issuer = fixedIssuer != null ? fixedIssuer : base;
        discoveryRequests = server.requestsTo(issuerPath + "/.well-known/openid-configuration");
        jwksRequests = server.requestsTo(issuerPath + "/jwks");
        tokenRequests = server.requestsTo(issuerPath + "/token");
        server.on(issuerPath + "/.well-known/openid-configuration", r -> json(discovery()));
        server.on(issuerPath + "/jwks", r -> json(new JWKSet(key.toPublicJWK()).toString()));
        server.on(issuerPath + "/token", r -> token.apply(expectedNonce));
        server.on(issuerPath + "/userinfo", r -> json(userinfo));
    }

    public String issuer() {
        return issuer;
    }

    /** The issuer URL a generic provider is configured with (where the discovery document is below). */
    public String issuerUrl() {
        return base;
    }

    public String discoveryUrl() {
        return base + "/.well-known/openid-configuration";
    }

    /** The nonce of the login under way, read by the test from the authorize redirect. */
    public void expectNonce(String nonce) {
        this.expectedNonce = nonce;
    }

    public void token(Function<String, MockResponse> response) {
        this.token = response;
    }

    /** An id_token for the nonce, with Google's claims, changed by {@code edit}, signed with the JWKS key. */
    public String idToken(String nonce, UnaryOperator<JWTClaimsSet.Builder> edit) {
        return sign(edit.apply(claims(nonce)).build(), key);
    }

    /** Sets a member of the discovery document (a JSON value: String, Boolean, List), or removes it when null. */
    public void discovery(String member, Object value) {
        discoveryChanges.put(member, value == null ? REMOVED : value);
    }

    /** The userinfo endpoint's answer from now on (by default Ada's, with the id_token's sub). */
    public void userinfo(String json) {
        this.userinfo = json;
    }

    /** Signed with HS256 and {@code secret} (a client secret of at least 32 bytes). */
    public String idTokenWithSecret(String nonce, String secret, UnaryOperator<JWTClaimsSet.Builder> edit) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).build(), edit.apply(claims(nonce)).build());
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Signed with a fresh key under a key id the JWKS does not list. */
    public String idTokenWithUnknownKey(String nonce, String keyId) {
        return sign(claims(nonce).build(), newKey(keyId));
    }

    /** Signed with a different key that claims the JWKS key's id: a forgery. */
    public String forgedIdToken(String nonce) {
        return sign(claims(nonce).build(), newKey(key.getKeyID()));
    }

    public JWTClaimsSet.Builder claims(String nonce) {
        long now = System.currentTimeMillis();
        return new JWTClaimsSet.Builder()
                .issuer(issuer).audience(CLIENT_ID).subject("110169484474386276334")
                .claim("azp", CLIENT_ID).claim("at_hash", "HK6E_P6Dh8Y93mRNtsDB1Q")
                .claim("email", "ada@example.org").claim("email_verified", true)
                .claim("name", "Ada Lovelace").claim("given_name", "Ada").claim("family_name", "Lovelace")
                .claim("nonce", nonce)
                .issueTime(new Date(now)).expirationTime(new Date(now + 3_600_000));
    }

    public static MockResponse tokenResponse(String idToken) {
        return json("""
                {"access_token":"ya29.a0-test-access-token","expires_in":3599,"scope":"openid https://www.googleapis.com/auth/userinfo.email https://www.googleapis.com/auth/userinfo.profile",
                 "token_type":"Bearer","id_token":"%s"}""".formatted(idToken));
    }

    public static MockResponse tokenResponseWithoutIdToken() {
        return json("""
                {"access_token":"ya29.a0-test-access-token","expires_in":3599,"scope":"openid email profile","token_type":"Bearer"}""");
    }

    private String discovery() {
        if (discoveryChanges.isEmpty()) return discoveryDocument();
        try {
            Map<String, Object> document = JSONObjectUtils.parse(discoveryDocument());
            discoveryChanges.forEach((member, value) -> {
                if (value == REMOVED) document.remove(member);
                else document.put(member, value);
            });
            return JSONObjectUtils.toJSONString(document);
        } catch (java.text.ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    private String discoveryDocument() {
        return """
                {"issuer":"%1$s","authorization_endpoint":"%2$s/authorize","token_endpoint":"%2$s/token",
                 "userinfo_endpoint":"%2$s/userinfo","revocation_endpoint":"%2$s/revoke","jwks_uri":"%2$s/jwks",
                 "response_types_supported":["code","token","id_token","code token","code id_token","token id_token","code token id_token","none"],
                 "subject_types_supported":["public"],"id_token_signing_alg_values_supported":["RS256"],
                 "scopes_supported":["openid","email","profile"],
                 "token_endpoint_auth_methods_supported":["client_secret_post","client_secret_basic"],
                 "claims_supported":["aud","email","email_verified","exp","family_name","given_name","iat","iss","name","picture","sub"],
                 "code_challenge_methods_supported":["plain","S256"],
                 "grant_types_supported":["authorization_code","refresh_token","urn:ietf:params:oauth:grant-type:device_code","urn:ietf:params:oauth:grant-type:jwt-bearer"]}"""
                .formatted(issuer, base);
    }

    private static String sign(JWTClaimsSet claims, RSAKey with) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(with.getKeyID()).build(), claims);
            jwt.sign(new RSASSASigner(with));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RSAKey newKey(String keyId) {
        try {
            return new RSAKeyGenerator(2048).keyID(keyId).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
