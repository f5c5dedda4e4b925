package dev.oauthpreloader.simulator;

/** The simulator's endpoints that a profile can slow down, by the name a profile uses. */
public enum Endpoint {
    AUTHORIZE("authorize"),
    TOKEN("token"),
    USERINFO("userinfo"),
    JWKS("jwks"),
    DISCOVERY("discovery");

    public final String code;

    Endpoint(String code) {
        this.code = code;
    }

    static Endpoint byCode(String code) {
        for (Endpoint endpoint : values()) if (endpoint.code.equals(code)) return endpoint;
        return null;
    }
}
