package dev.oauthpreloader.simulator;

/** How the simulated provider behaves for one login, as a tester picks it. */
public enum SimulatedOutcome {
    OK("ok", "Log in normally"),
    DENIED("denied", "Deny access (error=access_denied)"),
    TOKEN_ERROR("token_error", "Token endpoint answers 500"),
    BAD_JSON("bad_json", "Token endpoint answers malformed JSON"),
    HANG("hang", "Token endpoint never answers"),
    USERINFO_ERROR("userinfo_error", "Userinfo endpoint answers 500");

    public final String code;
    public final String label;

    SimulatedOutcome(String code, String label) {
        this.code = code;
        this.label = label;
    }

    public static SimulatedOutcome byCode(String code) {
        for (SimulatedOutcome outcome : values()) if (outcome.code.equals(code)) return outcome;
        return null;
    }
}
