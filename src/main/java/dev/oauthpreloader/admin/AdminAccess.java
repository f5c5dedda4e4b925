package dev.oauthpreloader.admin;

import dev.oauthpreloader.account.EmailKey;
import dev.oauthpreloader.login.LoginSession;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may see /ops: a logged-in person with an identity whose address is in ADMIN_EMAILS and
 * which its provider vouched for (email_verified). Anyone can claim any address at a provider that
 * does not verify it, so an unverified match counts for nothing; the simulator "verifies" whatever
 * the visitor types, so its identities count for nothing either. Addresses compare as
 * {@link EmailKey} says: ASCII case only, and a non-ASCII address is never an administrator's.
 */
final class AdminAccess {

    private static final Logger LOG = LoggerFactory.getLogger(AdminAccess.class);
    static final String NOT_LOGGED_IN = "The operations page is for administrators. Log in with an administrator's account first.";
    static final String NOT_ADMIN = "The operations page is for administrators, and this account is not one of them.";

    /** The built-in simulator's provider name (Config reserves it). */
    private static final String SIMULATOR = "simulator";

    private final Jdbi jdbi;
    private final OpsSettings settings;
    private final List<String> emailTrusted;

    /** @param emailTrusted the providers whose verified addresses count (their {@code …_TRUST_EMAIL}), asked now, not at login */
    AdminAccess(Jdbi jdbi, OpsSettings settings, Set<String> emailTrusted) {
        this.jdbi = jdbi;
        this.settings = settings;
        this.emailTrusted = List.copyOf(emailTrusted);
    }

    /** Returns quietly for an administrator; anyone else gets the 403 page, logged in or not. */
    void require(Context ctx) {
        Optional<Long> userId = LoginSession.of(ctx).userId();
        if (userId.isEmpty()) throw new ForbiddenResponse(NOT_LOGGED_IN);
        boolean admin = verifiedEmails(userId.get()).stream()
                .map(EmailKey::of).flatMap(Optional::stream).anyMatch(settings::isAdminEmail);
        if (!admin) {
            LOG.info("ops page refused to user={}", userId.get());
            throw new ForbiddenResponse(NOT_ADMIN);
        }
    }

    /**
     * Only providers trusted today count: a row an earlier version stored as verified for a provider
     * that is not trusted now (a generic one, before TRUST_EMAIL existed) names no administrator.
     */
    private List<String> verifiedEmails(long userId) {
        if (emailTrusted.isEmpty()) return List.of();
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT email FROM identity
                        WHERE user_profile_id = :id AND email_verified = TRUE AND email IS NOT NULL AND provider <> :simulator
                          AND provider IN (<trusted>)""")
                .bind("id", userId).bind("simulator", SIMULATOR).bindList("trusted", emailTrusted).mapTo(String.class).list());
    }
}
