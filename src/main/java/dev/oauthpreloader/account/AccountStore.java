package dev.oauthpreloader.account;

import java.util.List;
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
     * Returns the account that owns this identity, creating both on first sight. A new identity
     * joins an existing account instead when {@link #verifiedEmailOwner} finds exactly one for it.
     * Two simultaneous first logins of one person race on the identity's unique key: the loser's
     * transaction inserts nothing, rolls back its new user_profile, and finds the winner's row on
     * the second pass.
     */
    public long findOrCreate(ProviderIdentity identity, long now) {
        for (int attempt = 0; ; attempt++) {
            Optional<Long> result = jdbi.inTransaction(h -> {
                Optional<Long> existing = findOwner(h, identity);
                if (existing.isPresent()) {
                    touch(h, existing.get(), now);
                    return existing;
                }
                Optional<Long> sameVerifiedEmail = verifiedEmailOwner(h, identity);
                long userId = sameVerifiedEmail.isPresent() ? sameVerifiedEmail.get() : h.createUpdate("""
                                INSERT INTO user_profile (first_name, last_name, email, created_at, last_login_at)
                                VALUES (:first, :last, :email, :now, :now)""")
                        .bind("first", identity.firstName()).bind("last", identity.lastName())
                        .bind("email", identity.email()).bind("now", now)
                        .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
                if (sameVerifiedEmail.isPresent()) touch(h, userId, now);
                if (insertIdentity(h, identity, userId, now) == 0) {
                    h.rollback();
                    return Optional.<Long>empty();
                }
                return Optional.of(userId);
            });
            if (result.isPresent()) return result.get();
            if (attempt >= 2) throw new IllegalStateException("identity insert kept conflicting");
        }
    }

    /**
     * Adds the identity to the logged-in account {@code userProfileId} ("connect another provider").
     * Returns the account, or empty when the identity already belongs to another account: a
     * connect never moves an identity away from its owner.
     */
    public Optional<Long> connect(ProviderIdentity identity, long userProfileId, long now) {
        return jdbi.inTransaction(h -> {
            Optional<Long> owner = findOwner(h, identity);
            if (owner.isEmpty() && insertIdentity(h, identity, userProfileId, now) == 0) owner = findOwner(h, identity);
            if (owner.isPresent() && owner.get() != userProfileId) return Optional.<Long>empty();
            touch(h, userProfileId, now);
            return Optional.of(userProfileId);
        });
    }

    /** The providers an account can log in with, in the order they were connected. */
    public List<String> connectedProviders(long userProfileId) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT DISTINCT provider FROM identity WHERE user_profile_id = :id ORDER BY provider""")
                .bind("id", userProfileId).mapTo(String.class).list());
    }

    /**
     * The linking rule: a new identity whose email its provider marks verified joins the one
     * account that has the same address (as {@link EmailKey} compares them: ASCII case only, never a
     * non-ASCII address) verified by some provider. An unverified
     * address on either side never links: anyone can type someone else's address into a provider
     * that does not check it, and so take over their account. With two or more such accounts the
     * choice would be a guess, so none is made.
     */
    private static Optional<Long> verifiedEmailOwner(Handle h, ProviderIdentity identity) {
        Optional<String> key = EmailKey.of(identity.email());
        if (!identity.emailVerified() || key.isEmpty()) return Optional.empty();
        List<Long> owners = h.createQuery("""
                        SELECT DISTINCT user_profile_id FROM identity
                        WHERE email_verified AND\s""" + EmailKey.sqlMatches("email"))
                .bind("emailKey", key.get()).mapTo(Long.class).list();
        return owners.size() == 1 ? Optional.of(owners.get(0)) : Optional.empty();
    }

    private static int insertIdentity(Handle h, ProviderIdentity identity, long userId, long now) {
        return h.createUpdate("""
                        INSERT INTO identity (user_profile_id, provider, provider_user_id, email, email_verified, created_at)
                        VALUES (:user, :provider, :providerUserId, :email, :verified, :now)
                        ON CONFLICT (provider, provider_user_id) DO NOTHING""")
                .bind("user", userId).bind("provider", identity.provider())
                .bind("providerUserId", identity.providerUserId()).bind("email", identity.email())
                .bind("verified", identity.emailVerified()).bind("now", now)
                .execute();
    }

    private static void touch(Handle h, long userId, long now) {
        h.createUpdate("UPDATE user_profile SET last_login_at = :now WHERE id = :id").bind("now", now).bind("id", userId).execute();
    }

    private static Optional<Long> findOwner(Handle h, ProviderIdentity identity) {
        return h.createQuery("""
                        SELECT user_profile_id FROM identity WHERE provider = :provider AND provider_user_id = :id""")
                .bind("provider", identity.provider()).bind("id", identity.providerUserId())
                .mapTo(Long.class).findOne();
    }
}
