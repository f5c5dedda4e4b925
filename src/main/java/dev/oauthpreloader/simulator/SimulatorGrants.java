package dev.oauthpreloader.simulator;

import dev.oauthpreloader.crypto.Tokens;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * The simulator's codes and tokens, in the database so that any node can redeem them. Only hashes
 * are stored: a database dump holds no usable code or token.
 */
final class SimulatorGrants {

    private static final String COLUMNS = """
            code_hash, client_id, redirect_uri, code_challenge, scope, nonce, username, delay_ms, outcome,
            created_at, redeemed_at, tokens_issued_at""";

    private final Jdbi jdbi;

    SimulatorGrants(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    void issue(String code, String clientId, String redirectUri, String codeChallenge, String scope, String nonce,
               String user, int delayMs, SimulatedOutcome outcome, long now, long expiresAt) {
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO simulator_code_grant (code_hash, client_id, redirect_uri, code_challenge, scope, nonce,
                                                          username, delay_ms, outcome, created_at, expires_at)
                        VALUES (:code, :client, :redirect, :challenge, :scope, :nonce, :user, :delay, :outcome, :now, :expires)""")
                .bind("code", Tokens.sha256(code)).bind("client", clientId).bind("redirect", redirectUri)
                .bind("challenge", codeChallenge).bind("scope", scope).bind("nonce", nonce).bind("user", user)
                .bind("delay", delayMs).bind("outcome", outcome.code).bind("now", now).bind("expires", expiresAt)
                .execute());
    }

    Optional<SimulatorGrant> byCode(String code) {
        return find("code_hash", Tokens.sha256(code));
    }

    Optional<SimulatorGrant> byAccessToken(String token) {
        return find("access_token_hash", Tokens.sha256(token));
    }

    Optional<SimulatorGrant> byRefreshToken(String token) {
        return find("refresh_token_hash", Tokens.sha256(token));
    }

    /** Redeems a code once: true for exactly one caller, however many race. */
    boolean redeem(String code, String accessToken, String refreshToken, long now, long expiresAt) {
        return jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE simulator_code_grant SET redeemed_at = :now, tokens_issued_at = :now, access_token_hash = :access,
                               refresh_token_hash = :refresh, expires_at = :expires
                        WHERE code_hash = :code AND redeemed_at IS NULL""")
                .bind("now", now).bind("access", Tokens.sha256(accessToken)).bind("refresh", Tokens.sha256(refreshToken))
                .bind("expires", expiresAt).bind("code", Tokens.sha256(code))
                .execute()) == 1;
    }

    /** A replayed code means it leaked: the tokens issued for it stop working (RFC 6749 section 4.1.2). */
    void revoke(String codeHash) {
        jdbi.useHandle(h -> h.createUpdate("""
                        UPDATE simulator_code_grant SET access_token_hash = NULL, refresh_token_hash = NULL WHERE code_hash = :code""")
                .bind("code", codeHash).execute());
    }

    /** Swaps the refresh token for new tokens once: the old refresh token is spent. */
    boolean refresh(String refreshToken, String accessToken, String newRefreshToken, long now, long expiresAt) {
        return jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE simulator_code_grant SET tokens_issued_at = :now, access_token_hash = :access,
                               refresh_token_hash = :refresh, expires_at = :expires
                        WHERE refresh_token_hash = :old""")
                .bind("now", now).bind("access", Tokens.sha256(accessToken)).bind("refresh", Tokens.sha256(newRefreshToken))
                .bind("expires", expiresAt).bind("old", Tokens.sha256(refreshToken))
                .execute()) == 1;
    }

    /** Deletes what has expired; returns how many rows went. */
    int deleteExpired(long now) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM simulator_code_grant WHERE expires_at < :now")
                .bind("now", now).execute());
    }

    int count() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM simulator_code_grant").mapTo(Integer.class).one());
    }

    private Optional<SimulatorGrant> find(String column, String hash) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM simulator_code_grant WHERE " + column + " = :hash")
                .bind("hash", hash)
                .map((rs, ctx) -> {
                    long redeemed = rs.getLong("redeemed_at");
                    Long redeemedAt = rs.wasNull() ? null : redeemed;
                    long issued = rs.getLong("tokens_issued_at");
                    Long issuedAt = rs.wasNull() ? null : issued;
                    return new SimulatorGrant(rs.getString("code_hash"), rs.getString("client_id"), rs.getString("redirect_uri"),
                            rs.getString("code_challenge"), rs.getString("scope"), rs.getString("nonce"),
                            rs.getString("username"), rs.getInt("delay_ms"), SimulatedOutcome.byCode(rs.getString("outcome")),
                            rs.getLong("created_at"), redeemedAt, issuedAt);
                })
                .findOne());
    }
}
