package dev.oauthpreloader.token;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.oauthpreloader.account.ProviderIdentity;
import dev.oauthpreloader.provider.ProviderTokens;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * identity_token: each identity's provider tokens, sealed. The access token, refresh token and
 * OAuth 1.0a secret are sealed together, bound to the identity's (provider, provider user id), so
 * the bytes open only on the row of the identity they were issued for. Expiry, scopes and
 * needs_login stay readable: the account page shows them without opening anything.
 *
 * <p>Rows go with their identity (ON DELETE CASCADE); logging out leaves them.
 */
public final class TokenStore {

    private static final Logger LOG = LoggerFactory.getLogger(TokenStore.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SELECT = """
            SELECT t.identity_id, t.key_id, t.sealed, t.access_expires_at, t.needs_login, t.updated_at,
                   i.provider, i.provider_user_id, i.user_profile_id
            FROM identity_token t JOIN identity i ON i.id = t.identity_id
            """;

    private final Jdbi jdbi;
    private final Sealer sealer;

    public TokenStore(Jdbi jdbi, Sealer sealer) {
        this.jdbi = jdbi;
        this.sealer = sealer;
    }

    /**
     * A login's tokens, sealed and ready for {@link #keep(Sealing)}: sealing is done before the
     * login's write transaction, so the one SQLite connection is not held while it runs.
     */
    public record Sealing(ProviderIdentity identity, Sealer.Sealed sealed, Long expiresAt, String scopes, long now) {
    }

    /** Empty when the provider sent no access token: then nothing is kept. */
    public Optional<Sealing> seal(ProviderIdentity identity, ProviderTokens tokens, long now) {
        if (tokens == null || tokens.accessToken() == null) return Optional.empty();
        return Optional.of(new Sealing(identity, seal(identity.provider(), identity.providerUserId(), tokens),
                expiresAt(tokens, now), clip(tokens.scopes()), now));
    }

    /**
     * Keeps the tokens of a login, replacing the identity's earlier ones, in one statement that
     * finds the identity by its unique key: the login path reads nothing back. A login whose
     * provider gave no refresh token this time keeps none (reading the old one would cost a read).
     */
    public void keep(Sealing sealing) {
        ProviderIdentity identity = sealing.identity();
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO identity_token (identity_id, key_id, sealed, access_expires_at, scopes, needs_login,
                                                    refreshed_at, refresh_after, updated_at)
                        SELECT id, :keyId, :sealed, :expiresAt, :scopes, FALSE, NULL, NULL, :now
                        FROM identity WHERE provider = :provider AND provider_user_id = :providerUserId
                        ON CONFLICT (identity_id) DO UPDATE SET key_id = excluded.key_id, sealed = excluded.sealed,
                            access_expires_at = excluded.access_expires_at, scopes = excluded.scopes, needs_login = FALSE,
                            refreshed_at = NULL, refresh_after = NULL, updated_at = excluded.updated_at""")
                .bind("keyId", sealing.sealed().keyId()).bind("sealed", sealing.sealed().bytes())
                .bind("expiresAt", sealing.expiresAt()).bind("scopes", sealing.scopes())
                .bind("now", sealing.now()).bind("provider", identity.provider()).bind("providerUserId", identity.providerUserId())
                .execute());
    }

    /** The tokens of this person's identity at {@code provider}, opened; empty when none are kept. */
    public Optional<KeptToken> find(long userProfileId, String provider) {
        return jdbi.withHandle(h -> h.createQuery(SELECT + " WHERE i.user_profile_id = :user AND i.provider = :provider"
                        + " ORDER BY t.updated_at DESC")
                .bind("user", userProfileId).bind("provider", provider)
                .map(this::open).findFirst());
    }

    public Optional<KeptToken> find(long identityId) {
        return jdbi.withHandle(h -> h.createQuery(SELECT + " WHERE t.identity_id = :id")
                .bind("id", identityId).map(this::open).findOne());
    }

    /** Identities whose access token expires before {@code soon} and that are not refused or waiting to retry. */
    public List<Long> dueForRefresh(long now, long soon, int limit) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT identity_id FROM identity_token
                        WHERE access_expires_at IS NOT NULL AND access_expires_at <= :soon AND NOT needs_login
                          AND (refresh_after IS NULL OR refresh_after <= :now)
                        ORDER BY access_expires_at LIMIT :limit""")
                .bind("soon", soon).bind("now", now).bind("limit", limit).mapTo(Long.class).list());
    }

    /**
     * Takes the row for one refresh until {@code leaseUntil}: true for exactly one claimer, on any
     * node, so a refresh token that the provider rotates is spent once.
     */
    public boolean claimRefresh(long identityId, long now, long leaseUntil) {
        return jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE identity_token SET refresh_after = :lease
                        WHERE identity_id = :id AND NOT needs_login AND (refresh_after IS NULL OR refresh_after <= :now)""")
                .bind("lease", leaseUntil).bind("id", identityId).bind("now", now).execute()) == 1;
    }

    /**
     * Writes a refresh's tokens over the row it started from; false when a login replaced the row
     * meanwhile (its tokens are newer). A provider that sends no new refresh token keeps the old one.
     */
    public boolean saveRefreshed(KeptToken before, ProviderTokens fresh, long now) {
        ProviderTokens merged = new ProviderTokens(fresh.accessToken(),
                fresh.refreshToken() != null ? fresh.refreshToken() : before.tokens().refreshToken(),
                fresh.tokenSecret(), fresh.expiresInSeconds(), fresh.scopes());
        Sealer.Sealed sealed = seal(before.provider(), before.providerUserId(), merged);
        return jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE identity_token SET key_id = :keyId, sealed = :sealed, access_expires_at = :expiresAt,
                            scopes = COALESCE(:scopes, scopes), refreshed_at = :now, refresh_after = NULL, updated_at = :now
                        WHERE identity_id = :id AND updated_at = :seen""")
                .bind("keyId", sealed.keyId()).bind("sealed", sealed.bytes()).bind("expiresAt", expiresAt(merged, now))
                .bind("scopes", clip(merged.scopes())).bind("now", now)
                .bind("id", before.identityId()).bind("seen", before.updatedAt()).execute()) == 1;
    }

    /** The provider refused the refresh (or there is nothing to refresh with): only a new login helps. */
    public void markNeedsLogin(long identityId, long now) {
        jdbi.useHandle(h -> h.createUpdate("""
                        UPDATE identity_token SET needs_login = TRUE, refresh_after = NULL, updated_at = :now
                        WHERE identity_id = :id""")
                .bind("id", identityId).bind("now", now).execute());
    }

    /** Tries this row again no earlier than {@code when} (a transient failure, or nothing to do until then). */
    public void retryAt(long identityId, long when) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE identity_token SET refresh_after = :when WHERE identity_id = :id")
                .bind("when", when).bind("id", identityId).execute());
    }

    private KeptToken open(ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx) throws SQLException {
        long identityId = rs.getLong("identity_id");
        String provider = rs.getString("provider");
        String providerUserId = rs.getString("provider_user_id");
        long expires = rs.getLong("access_expires_at");
        Long expiresAt = rs.wasNull() ? null : expires;
        ProviderTokens tokens = null;
        try {
            byte[] plain = sealer.open(rs.getString("key_id"), rs.getBytes("sealed"), associatedData(provider, providerUserId));
            tokens = parse(plain);
        } catch (Sealer.Unreadable e) {
            // The row's contents stay out of the log: only which row, and why it did not open.
            LOG.warn("the kept token of identity {} ({}) is unreadable: {}", identityId, provider, e.getMessage());
        } catch (java.io.IOException | IllegalArgumentException | ClassCastException e) {
            LOG.warn("the kept token of identity {} ({}) opened but is malformed", identityId, provider);
        }
        return new KeptToken(identityId, provider, providerUserId, rs.getLong("user_profile_id"), tokens, expiresAt,
                rs.getBoolean("needs_login"), rs.getLong("updated_at"));
    }

    private Sealer.Sealed seal(String provider, String providerUserId, ProviderTokens tokens) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("a", tokens.accessToken());
        if (tokens.refreshToken() != null) values.put("r", tokens.refreshToken());
        if (tokens.tokenSecret() != null) values.put("s", tokens.tokenSecret());
        try {
            return sealer.seal(JSON.writeValueAsBytes(values), associatedData(provider, providerUserId));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("three strings always serialise", e);
        }
    }

    private static ProviderTokens parse(byte[] plain) throws java.io.IOException {
        Map<?, ?> values = JSON.readValue(plain, Map.class);
        Object access = values.get("a");
        if (!(access instanceof String)) throw new IllegalArgumentException("no access token");
        return new ProviderTokens((String) access, (String) values.get("r"), (String) values.get("s"), null, null);
    }

    /** What the sealed bytes are bound to: the identity's natural key, known to the login's one upsert. */
    static byte[] associatedData(String provider, String providerUserId) {
        return ("identity_token\n" + provider + "\n" + providerUserId).getBytes(StandardCharsets.UTF_8);
    }

    private static Long expiresAt(ProviderTokens tokens, long now) {
        return tokens.expiresInSeconds() == null ? null : now + tokens.expiresInSeconds() * 1000;
    }

    private static String clip(String scopes) {
        return scopes == null || scopes.length() <= 2000 ? scopes : scopes.substring(0, 2000);
    }
}
