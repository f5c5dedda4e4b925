package dev.oauthpreloader.account;

import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** user_profile and identity: finds the account behind a provider identity, creating it on first login. */
public final class AccountStore {

    private final Jdbi jdbi;

    public AccountStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public Optional<Account> find(long userProfileId) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT id, first_name, last_name, email FROM user_profile WHERE id = :id""")
                .bind("id", userProfileId)
                .map((rs, ctx) -> new Account(rs.getLong("id"), rs.getString("first_name"),
                        rs.getString("last_name"), rs.getString("email")))
                .findOne());
    }

    /**
     * Returns the account that owns this identity, creating both on first sight. Two simultaneous
     * first logins of one person race on the identity's unique key: the loser's transaction inserts
     * nothing, rolls back its new user_profile, and finds the winner's row on the second pass.
     */
    public long findOrCreate(ProviderIdentity identity, long now) {
        for (int attempt = 0; ; attempt++) {
            Optional<Long> result = jdbi.inTransaction(h -> {
                Optional<Long> existing = findOwner(h, identity);
                if (existing.isPresent()) {
                    h.createUpdate("UPDATE user_profile SET last_login_at = :now WHERE id = :id")
                            .bind("now", now).bind("id", existing.get()).execute();
                    return existing;
                }
                long userId = h.createUpdate("""
                                INSERT INTO user_profile (first_name, last_name, email, created_at, last_login_at)
                                VALUES (:first, :last, :email, :now, :now)""")
                        .bind("first", identity.firstName()).bind("last", identity.lastName())
                        .bind("email", identity.email()).bind("now", now)
                        .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
                int inserted = h.createUpdate("""
                                INSERT INTO identity (user_profile_id, provider, provider_user_id, email, email_verified, created_at)
                                VALUES (:user, :provider, :providerUserId, :email, :verified, :now)
                                ON CONFLICT (provider, provider_user_id) DO NOTHING""")
                        .bind("user", userId).bind("provider", identity.provider())
                        .bind("providerUserId", identity.providerUserId()).bind("email", identity.email())
                        .bind("verified", identity.emailVerified()).bind("now", now)
                        .execute();
                if (inserted == 0) {
                    h.rollback();
                    return Optional.<Long>empty();
                }
                return Optional.of(userId);
            });
            if (result.isPresent()) return result.get();
            if (attempt >= 2) throw new IllegalStateException("identity insert kept conflicting");
        }
    }

    private static Optional<Long> findOwner(Handle h, ProviderIdentity identity) {
        return h.createQuery("""
                        SELECT user_profile_id FROM identity WHERE provider = :provider AND provider_user_id = :id""")
                .bind("provider", identity.provider()).bind("id", identity.providerUserId())
                .mapTo(Long.class).findOne();
    }
}
