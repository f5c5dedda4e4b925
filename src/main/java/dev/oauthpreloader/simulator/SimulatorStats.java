package dev.oauthpreloader.simulator;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What clients did, right and wrong, since start (or the last reset): what a tester reads to see
 * what their own client gets wrong. Counted in this process only.
 */
final class SimulatorStats {

    enum Count {
        // requests
        AUTHORIZE_REQUESTS(Group.REQUESTS, "authorize"),
        TOKEN_REQUESTS(Group.REQUESTS, "token"),
        USERINFO_REQUESTS(Group.REQUESTS, "userinfo"),
        JWKS_FETCHES(Group.REQUESTS, "jwks_fetches"),
        DISCOVERY_FETCHES(Group.REQUESTS, "discovery_fetches"),
        // done right
        CODES_ISSUED(Group.RIGHT, "codes_issued"),
        CODES_REDEEMED(Group.RIGHT, "codes_redeemed"),
        REFRESHES(Group.RIGHT, "refresh_grants"),
        STATE_SENT(Group.RIGHT, "state_sent"),
        NONCE_SENT(Group.RIGHT, "nonce_sent"),
        PKCE_S256(Group.RIGHT, "pkce_s256"),
        CLIENT_SECRET_BASIC(Group.RIGHT, "client_secret_basic"),
        CLIENT_SECRET_POST(Group.RIGHT, "client_secret_post"),
        // done wrong
        MISSING_STATE(Group.WRONG, "missing_state"),
        MISSING_NONCE(Group.WRONG, "missing_nonce"),
        MISSING_PKCE(Group.WRONG, "missing_pkce"),
        PLAIN_PKCE(Group.WRONG, "plain_pkce"),
        MISSING_PKCE_VERIFIER(Group.WRONG, "missing_pkce_verifier"),
        WRONG_PKCE_VERIFIER(Group.WRONG, "wrong_pkce_verifier"),
        CODE_REPLAY(Group.WRONG, "code_replay"),
        EXPIRED_CODE(Group.WRONG, "expired_code"),
        UNKNOWN_CODE(Group.WRONG, "unknown_code"),
        REDIRECT_URI_MISMATCH(Group.WRONG, "redirect_uri_mismatch"),
        UNKNOWN_CLIENT(Group.WRONG, "unknown_client"),
        BAD_CLIENT_AUTH(Group.WRONG, "bad_client_auth"),
        BAD_REFRESH_TOKEN(Group.WRONG, "bad_refresh_token"),
        BAD_ACCESS_TOKEN(Group.WRONG, "bad_access_token"),
        OTHER_BAD_REQUEST(Group.WRONG, "other_bad_request");

        final Group group;
        final String code;

        Count(Group group, String code) {
            this.group = group;
            this.code = code;
        }
    }

    enum Group { REQUESTS, RIGHT, WRONG }

    private final AtomicLongArray counts = new AtomicLongArray(Count.values().length);

    void add(Count count) {
        counts.incrementAndGet(count.ordinal());
    }

    long get(Count count) {
        return counts.get(count.ordinal());
    }

    void reset() {
        for (int i = 0; i < counts.length(); i++) counts.set(i, 0);
    }

    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        for (Group group : Group.values()) {
            Map<String, Long> values = new LinkedHashMap<>();
            for (Count count : Count.values()) if (count.group == group) values.put(count.code, get(count));
            json.put(group.name().toLowerCase(java.util.Locale.ROOT), values);
        }
        return json;
    }
}
