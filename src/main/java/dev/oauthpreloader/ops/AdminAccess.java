package dev.oauthpreloader.ops;

import dev.oauthpreloader.login.LoginSession;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may see /ops: a logged-in person whose address is in ADMIN_EMAILS and whom a provider
 * vouched for (an identity with that address and email_verified). Anyone can claim any address
 * at a provider that does not verify it, so an unverified match counts for nothing.
 */
final class AdminAccess {

    private static final Logger LOG = LoggerFactory.getLogger(AdminAccess.class);
    static final String NOT_LOGGED_IN = "The operations page is for administrators. Log in with an administrator's account first.";
    static final String NOT_ADMIN = "The operations page is for administrators, and this account is not one of them.";

    private final Jdbi jdbi;
    private final OpsSettings settings;

    AdminAccess(Jdbi jdbi, OpsSettings settings) {
        this.jdbi = jdbi;
        this.settings = settings;
    }

    /** Returns quietly for an administrator; anyone else gets the 403 page, logged in or not. */
    void require(Context ctx) {
        Optional<Long> userId = LoginSession.of(ctx).userId();
        if (userId.isEmpty()) throw new ForbiddenResponse(NOT_LOGGED_IN);
        Optional<String> email = verifiedEmail(userId.get());
        if (email.isEmpty() || !settings.isAdminEmail(email.get())) {
            LOG.info("ops page refused to user={}", userId.get());
            throw new ForbiddenResponse(NOT_ADMIN);
        }
    }

    private Optional<String> verifiedEmail(long userId) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT u.email FROM user_profile u
                        WHERE u.id = :id AND u.email IS NOT NULL AND EXISTS (
                            SELECT 1 FROM identity i
                            WHERE i.user_profile_id = u.id AND i.email_verified = TRUE AND LOWER(i.email) = LOWER(u.email))""")
                .bind("id", userId).mapTo(String.class).findOne());
    }
}
