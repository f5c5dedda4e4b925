package dev.oauthpreloader.simulator;

/**
 * What goes wrong in one simulated login, as a tester picks it on the consent page, in
 * {@code outcome=} or, with a rate, in a profile. Each fault lives at one endpoint.
 */
public enum SimulatedOutcome {
    OK("ok", Endpoint.AUTHORIZE, "Log in normally"),
    DENIED("denied", Endpoint.AUTHORIZE, "Deny access (error=access_denied)"),
    TOKEN_ERROR("token_error", Endpoint.TOKEN, "Token endpoint answers 500 with an HTML page"),
    RATE_LIMITED("rate_limited", Endpoint.TOKEN, "Token endpoint answers 429 with Retry-After"),
    BAD_JSON("bad_json", Endpoint.TOKEN, "Token endpoint answers malformed JSON"),
    HANG("hang", Endpoint.TOKEN, "Token endpoint never answers"),
    RESET("reset", Endpoint.TOKEN, "Token endpoint resets the connection"),
    TRICKLE("trickle", Endpoint.TOKEN, "Token endpoint's body trickles in, a byte at a time"),
    WRONG_ISS("wrong_iss", Endpoint.TOKEN, "id_token names another issuer"),
    WRONG_AUD("wrong_aud", Endpoint.TOKEN, "id_token is for another audience"),
    WRONG_NONCE("wrong_nonce", Endpoint.TOKEN, "id_token carries another nonce"),
    EXPIRED_ID_TOKEN("expired_id_token", Endpoint.TOKEN, "id_token expired an hour ago"),
    BAD_SIGNATURE("bad_signature", Endpoint.TOKEN, "id_token's signature is broken"),
    UNKNOWN_KID("unknown_kid", Endpoint.TOKEN, "id_token is signed under a key id the JWKS does not have"),
    USERINFO_ERROR("userinfo_error", Endpoint.USERINFO, "Userinfo endpoint answers 500"),
    UNVERIFIED_EMAIL("unverified_email", Endpoint.USERINFO, "The email address is not verified");

    public final String code;
    public final Endpoint endpoint;
    public final String label;

    SimulatedOutcome(String code, Endpoint endpoint, String label) {
        this.code = code;
        this.endpoint = endpoint;
        this.label = label;
    }

    public static SimulatedOutcome byCode(String code) {
        for (SimulatedOutcome outcome : values()) if (outcome.code.equals(code)) return outcome;
        return null;
    }
}
