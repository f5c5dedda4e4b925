package dev.oauthpreloader.simulator;

import dev.oauthpreloader.crypto.Tokens;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** The simulated person's claims, and the id_tokens that carry them, spoilt as a fault asks. */
final class IdTokens {

    static final long LIFETIME_SECONDS = 3600;

    private final String issuer;
    private final SigningKeys keys;

    IdTokens(String issuer, SigningKeys keys) {
        this.issuer = issuer;
        this.keys = keys;
    }

    /** What userinfo says about user=alice: sim-alice, Alice Simulated, alice@simulator.invalid. */
    static Map<String, Object> person(String user, boolean emailVerified) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", "sim-" + user);
        claims.put("preferred_username", user);
        claims.put("name", SimulatorChoice.firstName(user) + " Simulated");
        claims.put("given_name", SimulatorChoice.firstName(user));
        claims.put("family_name", "Simulated");
        claims.put("email", user + "@simulator.invalid");
        claims.put("email_verified", emailVerified);
        return claims;
    }

    /** @param nonce the authorization request's nonce, or null (none sent, or a refresh) */
    String mint(SimulatorGrant grant, String accessToken, String nonce, long nowMillis) {
        SimulatedOutcome fault = grant.outcome();
        long now = nowMillis / 1000;
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", fault == SimulatedOutcome.WRONG_ISS ? "https://impostor.simulator.invalid" : issuer);
        claims.put("sub", "sim-" + grant.username());
        claims.put("aud", fault == SimulatedOutcome.WRONG_AUD ? "another-client" : grant.clientId());
        claims.put("azp", grant.clientId());
        boolean expired = fault == SimulatedOutcome.EXPIRED_ID_TOKEN;
        claims.put("iat", expired ? now - 2 * LIFETIME_SECONDS : now);
        claims.put("exp", expired ? now - LIFETIME_SECONDS : now + LIFETIME_SECONDS);
        claims.put("auth_time", grant.createdAt() / 1000);
        if (fault == SimulatedOutcome.WRONG_NONCE) {
            claims.put("nonce", Tokens.random());
        } else if (nonce != null) {
            claims.put("nonce", nonce);
        }
        claims.put("at_hash", atHash(accessToken));
        Map<String, Object> person = person(grant.username(), fault != SimulatedOutcome.UNVERIFIED_EMAIL);
        person.remove("sub");
        claims.putAll(person);
        String kid = fault == SimulatedOutcome.UNKNOWN_KID ? "unknown-" + Tokens.random().substring(0, 8) : null;
        String jwt = keys.sign(claims, kid);
        return fault == SimulatedOutcome.BAD_SIGNATURE ? breakSignature(jwt) : jwt;
    }

    /** OpenID Connect Core 3.1.3.6: the left half of SHA-256 of the access token, base64url. */
    static String atHash(String accessToken) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(accessToken.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The same token with its signature's bytes inverted: well-formed, but it does not verify. */
    private static String breakSignature(String jwt) {
        int dot = jwt.lastIndexOf('.');
        byte[] signature = Base64.getUrlDecoder().decode(jwt.substring(dot + 1));
        for (int i = 0; i < signature.length; i++) signature[i] = (byte) ~signature[i];
        return jwt.substring(0, dot + 1) + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
    }
}
