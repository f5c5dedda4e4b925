package dev.oauthpreloader.simulator;

import dev.oauthpreloader.crypto.Tokens;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * The simulator's codes and tokens, in the database so that any node can redeem them. Only hashes
 * are stored: a database dump holds no usable code or token.
 */
final class SimulatorGrants {

    private final Jdbi jdbi;

    SimulatorGrants(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    void issue(String code, String clientId, String redirectUri, String codeChallenge, SimulatorChoice choice, long now) {
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO simulator_grant (code_hash, client_id, redirect_uri, code_challenge, username,
                                                     delay_ms, outcome, created_at)
                        VALUES (:code, :client, :redirect, :challenge, :user, :delay, :outcome, :now)""")
                .bind("code", Tokens.sha256(code)).bind("client", clientId).bind("redirect", redirectUri)
                .bind("challenge", codeChallenge).bind("user", choice.user()).bind("delay", choice.delayMs())
                .bind("outcome", choice.outcome().code).bind("now", now)
                .execute());
    }

    Optional<SimulatorGrant> byCode(String code) {
        return find("code_hash", Tokens.sha256(code));
    }

    Optional<SimulatorGrant> byAccessToken(String token) {
        return find("access_token_hash", Tokens.sha256(token));
    }

    /** Redeems a code once: true for exactly one caller, however many race. */
    boolean redeem(String code, String accessToken, long now) {
        return jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE simulator_grant SET redeemed_at = :now, access_token_hash = :token
                        WHERE code_hash = :code AND redeemed_at IS NULL""")
                .bind("now", now).bind("token", Tokens.sha256(accessToken)).bind("code", Tokens.sha256(code))
                .execute()) == 1;
    }

    private Optional<SimulatorGrant> find(String column, String hash) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT client_id, redirect_uri, code_challenge, username, delay_ms, outcome, created_at, redeemed_at
                        FROM simulator_grant WHERE %s = :hash""".formatted(column))
                .bind("hash", hash)
                .map((rs, ctx) -> {
                    long redeemed = rs.getLong("redeemed_at");
                    Long redeemedAt = rs.wasNull() ? null : redeemed;
                    return new SimulatorGrant(rs.getString("client_id"), rs.getString("redirect_uri"),
                            rs.getString("code_challenge"), rs.getString("username"), rs.getInt("delay_ms"),
                            SimulatedOutcome.byCode(rs.getString("outcome")), rs.getLong("created_at"),
                            redeemedAt);
                })
                .findOne());
    }
}
