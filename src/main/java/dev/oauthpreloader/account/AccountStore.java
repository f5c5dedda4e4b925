package dev.oauthpreloader.account;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * user_profile and identity: finds the account behind a provider identity, creating it on first
 * login; lists an account's providers and disconnects one of them.
 */
public final class AccountStore {

    private final Jdbi jdbi;
    private final Set<String> emailTrusted;

    /** @param emailTrusted the providers whose verified addresses may link accounts (their {@code …_TRUST_EMAIL}) */
    public AccountStore(Jdbi jdbi, Set<String> emailTrusted) {
        this.jdbi = jdbi;
        this.emailTrusted = Set.copyOf(emailTrusted);
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
     * identity insert does nothing, and it gets empty. Its caller must then roll back the
     * transaction (which holds the loser's new user_profile) and try again, and finds the winner's
     * row. Run inside the caller's transaction when there is one: the worker writes the account,
     * the tokens and the outcome of a login together.
     */
    public Optional<Long> findOrCreate(ProviderIdentity identity, long now) {
        return jdbi.inTransaction(h -> findOrCreateOnce(h, identity, now));
    }

    private Optional<Long> findOrCreateOnce(Handle h, ProviderIdentity identity, long now) {
        Optional<Long> existing = markUsed(h, identity, now);
        if (existing.isPresent()) {
            touch(h, existing.get(), now);
            return existing;
        }
        Optional<Long> sameVerifiedEmail = verifiedEmailOwner(h, identity, emailTrusted);
        // RETURNING rather than generated keys: a plain query, so SQLite's prepared statement is kept for the next login.
        long userId = sameVerifiedEmail.isPresent() ? sameVerifiedEmail.get() : h.createQuery("""
                        INSERT INTO user_profile (first_name, last_name, email, created_at, last_login_at)
                        VALUES (:first, :last, :email, :now, :now)
                        RETURNING id""")
                .bind("first", identity.firstName()).bind("last", identity.lastName())
                .bind("email", identity.email()).bind("now", now)
                .mapTo(Long.class).one();
        if (sameVerifiedEmail.isPresent()) touch(h, userId, now);
        return insertIdentity(h, identity, userId, now) == 0 ? Optional.empty() : Optional.of(userId);
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
            markUsed(h, identity, now);
            touch(h, userProfileId, now);
            return Optional.of(userProfileId);
        });
    }

    /**
     * The providers an account can log in with, by name, each with its token's state. Where one
     * provider holds several of the account's identities (two GitHub accounts connected), the most
     * recently used one speaks for it.
     */
    public List<Connection> connections(long userProfileId) {
        List<Connection> rows = jdbi.withHandle(h -> h.createQuery("""
                        SELECT i.provider, COALESCE(i.last_used_at, i.created_at) AS used,
                               t.identity_id IS NOT NULL AS kept, t.access_expires_at, t.needs_login
                        FROM identity i LEFT JOIN identity_token t ON t.identity_id = i.id
                        WHERE i.user_profile_id = :id
                        ORDER BY i.provider, used DESC""")
                .bind("id", userProfileId)
                .map((rs, ctx) -> new Connection(rs.getString("provider"), rs.getLong("used"), rs.getBoolean("kept"),
                        rs.getObject("access_expires_at") == null ? null : rs.getLong("access_expires_at"),
                        rs.getBoolean("needs_login")))
                .list());
        List<Connection> byProvider = new ArrayList<>();
        for (Connection row : rows) {
            if (byProvider.isEmpty() || !byProvider.get(byProvider.size() - 1).provider().equals(row.provider())) byProvider.add(row);
        }
        return byProvider;
    }

    /**
     * Removes the account's identities at {@code provider}, and by cascade their tokens, unless no
     * identity at another provider would remain. The account's row is locked first (PostgreSQL; on
     * SQLite the IMMEDIATE transaction already holds the one write lock), so two disconnects of one
     * account's last two providers run one after the other and the second finds nothing left to
     * keep: the account never ends up with no way to log in.
     */
    public Disconnection disconnect(long userProfileId, String provider) {
        return jdbi.inTransaction(h -> {
            h.createUpdate("UPDATE user_profile SET last_login_at = last_login_at WHERE id = :user").bind("user", userProfileId).execute();
            int removed = h.createUpdate("""
                            DELETE FROM identity WHERE user_profile_id = :user AND provider = :provider
                            AND EXISTS (SELECT 1 FROM identity other WHERE other.user_profile_id = :user AND other.provider <> :provider)""")
                    .bind("user", userProfileId).bind("provider", provider).execute();
            if (removed > 0) return Disconnection.DISCONNECTED;
            boolean connected = h.createQuery("SELECT COUNT(*) FROM identity WHERE user_profile_id = :user AND provider = :provider")
                    .bind("user", userProfileId).bind("provider", provider).mapTo(Integer.class).one() > 0;
            return connected ? Disconnection.LAST_ONE : Disconnection.NOT_CONNECTED;
        });
    }

    /**
     * The linking rule: a new identity whose email its provider marks verified joins the one
     * account that has the same address (as {@link EmailKey} compares them: ASCII case only, never a
     * non-ASCII address) verified by some provider. An unverified
     * address on either side never links: anyone can type someone else's address into a provider
     * that does not check it, and so take over their account. With two or more such accounts the
     * choice would be a guess, so none is made. Both providers must be trusted now: a row stored as
     * verified before its provider's TRUST_EMAIL was turned off links nothing either.
     */
    private static Optional<Long> verifiedEmailOwner(Handle h, ProviderIdentity identity, Set<String> emailTrusted) {
        Optional<String> key = EmailKey.of(identity.email());
        if (!identity.emailVerified() || key.isEmpty() || !emailTrusted.contains(identity.provider())) return Optional.empty();
        List<Long> owners = h.createQuery("""
                        SELECT DISTINCT user_profile_id FROM identity
                        WHERE email_verified AND provider IN (<trusted>) AND\s""" + EmailKey.sqlMatches("email"))
                .bindList("trusted", List.copyOf(emailTrusted))
                .bind("emailKey", key.get()).mapTo(Long.class).list();
        return owners.size() == 1 ? Optional.of(owners.get(0)) : Optional.empty();
    }

    private static int insertIdentity(Handle h, ProviderIdentity identity, long userId, long now) {
        return h.createUpdate("""
                        INSERT INTO identity (user_profile_id, provider, provider_user_id, email, email_verified, created_at, last_used_at)
                        VALUES (:user, :provider, :providerUserId, :email, :verified, :now, :now)
                        ON CONFLICT (provider, provider_user_id) DO NOTHING""")
                .bind("user", userId).bind("provider", identity.provider())
                .bind("providerUserId", identity.providerUserId()).bind("email", identity.email())
                .bind("verified", identity.emailVerified()).bind("now", now)
                .execute();
    }

    private static void touch(Handle h, long userId, long now) {
        h.createUpdate("UPDATE user_profile SET last_login_at = :now WHERE id = :id").bind("now", now).bind("id", userId).execute();
    }

    /**
     * The owner of a known identity, whose last_used_at becomes {@code now} in the same statement: a
     * login through a known identity costs what the lookup alone did.
     */
    private static Optional<Long> markUsed(Handle h, ProviderIdentity identity, long now) {
        return h.createQuery("""
                        UPDATE identity SET last_used_at = :now WHERE provider = :provider AND provider_user_id = :id
                        RETURNING user_profile_id""")
                .bind("now", now).bind("provider", identity.provider()).bind("id", identity.providerUserId())
                .mapTo(Long.class).findOne();
    }

    private static Optional<Long> findOwner(Handle h, ProviderIdentity identity) {
        return h.createQuery("""
                        SELECT user_profile_id FROM identity WHERE provider = :provider AND provider_user_id = :id""")
                .bind("provider", identity.provider()).bind("id", identity.providerUserId())
                .mapTo(Long.class).findOne();
    }
}
