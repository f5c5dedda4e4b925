package dev.oauthpreloader.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.oauthpreloader.crypto.Tokens;
import dev.oauthpreloader.support.Page;
import java.math.BigInteger;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** A hand-rolled client's steps against the simulator, each a raw HTTP request, so tests can get any one wrong. */
final class OAuthSteps {

    static final String CLIENT = "test-app";
    static final String SECRET = "test-app-secret-9d21";
    static final String REDIRECT = "http://localhost:9/app/callback";
    static final Map<String, String> ENV = Map.of("SIMULATOR_CLIENTS", CLIENT,
            "SIMULATOR_CLIENT_TEST_APP_SECRET", SECRET, "SIMULATOR_CLIENT_TEST_APP_REDIRECT_URIS", REDIRECT);

    final RunningSimulator simulator;
    final String verifier = Tokens.random();
    final String state = Tokens.random();
    final String nonce = Tokens.random();

    OAuthSteps(RunningSimulator simulator) {
        this.simulator = simulator;
    }

    /** The authorize parameters a careful client sends, which a test may change. */
    Map<String, String> authorizeParameters() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("response_type", "code");
        p.put("client_id", CLIENT);
        p.put("redirect_uri", REDIRECT);
        p.put("scope", "openid email profile");
        p.put("state", state);
        p.put("nonce", nonce);
        p.put("code_challenge", Tokens.s256(verifier));
        p.put("code_challenge_method", "S256");
        p.put("auto", "1");
        return p;
    }

    Page authorize(Map<String, String> parameters) {
        return simulator.browser().get("/simulator/authorize?" + form(parameters));
    }

    /** Authorize as a careful client would and return the code from the redirect. */
    String code() {
        Page redirect = authorize(authorizeParameters());
        if (redirect.status() != 302) throw new AssertionError(redirect.status() + " " + redirect.body());
        return redirect.locationParams().get("code");
    }

    Map<String, String> tokenParameters(String code) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("grant_type", "authorization_code");
        p.put("code", code);
        p.put("redirect_uri", REDIRECT);
        p.put("code_verifier", verifier);
        return p;
    }

    /** POST /token with client_secret_basic. */
    HttpResponse<String> token(Map<String, String> parameters) {
        return token(parameters, CLIENT, SECRET);
    }

    HttpResponse<String> token(Map<String, String> parameters, String client, String secret) {
        String basic = Base64.getEncoder().encodeToString((encode(client) + ":" + encode(secret)).getBytes(StandardCharsets.UTF_8));
        return simulator.send(HttpRequest.newBuilder(URI.create(simulator.baseUrl + "/simulator/token"))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(parameters))));
    }

    /** POST /token with client_secret_post. */
    HttpResponse<String> tokenPost(Map<String, String> parameters) {
        Map<String, String> withSecret = new LinkedHashMap<>(parameters);
        withSecret.put("client_id", CLIENT);
        withSecret.put("client_secret", SECRET);
        return simulator.send(HttpRequest.newBuilder(URI.create(simulator.baseUrl + "/simulator/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(withSecret))));
    }

    HttpResponse<String> userinfo(String accessToken) {
        return simulator.send(HttpRequest.newBuilder(URI.create(simulator.baseUrl + "/simulator/userinfo"))
                .header("Authorization", "Bearer " + accessToken).GET());
    }

    /** The id_token's claims, after checking its RS256 signature against the key its kid names in the JWKS. */
    JsonNode verifiedClaims(String idToken) throws Exception {
        String[] parts = idToken.split("\\.");
        JsonNode header = RunningSimulator.read(new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8));
        if (!header.path("alg").asText().equals("RS256")) throw new AssertionError("alg " + header);
        JsonNode key = null;
        for (JsonNode k : simulator.getJson("/simulator/jwks").path("keys")) {
            if (k.path("kid").asText().equals(header.path("kid").asText())) key = k;
        }
        if (key == null) throw new AssertionError("no JWKS key for kid " + header.path("kid"));
        var publicKey = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
                new BigInteger(1, Base64.getUrlDecoder().decode(key.path("n").asText())),
                new BigInteger(1, Base64.getUrlDecoder().decode(key.path("e").asText()))));
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initVerify(publicKey);
        rsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        if (!rsa.verify(Base64.getUrlDecoder().decode(parts[2]))) throw new AssertionError("the signature does not verify");
        return RunningSimulator.read(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
    }

    static String kid(String idToken) {
        return RunningSimulator.read(new String(Base64.getUrlDecoder().decode(idToken.split("\\.")[0]), StandardCharsets.UTF_8))
                .path("kid").asText();
    }

    static String form(Map<String, String> parameters) {
        return parameters.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
