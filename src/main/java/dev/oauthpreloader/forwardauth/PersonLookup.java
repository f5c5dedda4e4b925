package dev.oauthpreloader.forwardauth;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;

/**
 * The one query /auth makes after the session's: the account and whether its address is verified,
 * keyed by primary key and by identity's user_profile index. /auth runs before every request of
 * every application behind the proxy, so it reads nothing else.
 */
final class PersonLookup {

    private final Jdbi jdbi;
    private final List<String> emailTrusted;

    /**
     * @param emailTrusted the providers whose verified addresses count today: a row an earlier version
     *                     stored as verified for a provider not trusted now does not make it verified
     */
    PersonLookup(Jdbi jdbi, Set<String> emailTrusted) {
        this.jdbi = jdbi;
        this.emailTrusted = List.copyOf(emailTrusted);
    }

    Optional<SignedInPerson> find(long userProfileId) {
        String verified = emailTrusted.isEmpty() ? "FALSE" : """
                EXISTS (SELECT 1 FROM identity i
                        WHERE i.user_profile_id = u.id AND i.email_verified AND i.email = u.email AND i.provider IN (<trusted>))""";
        return jdbi.withHandle(h -> {
            var query = h.createQuery("SELECT u.id, u.first_name, u.last_name, u.email, " + verified
                    + " AS verified FROM user_profile u WHERE u.id = :id").bind("id", userProfileId);
            if (!emailTrusted.isEmpty()) query.bindList("trusted", emailTrusted);
            return query.map((rs, ctx) -> new SignedInPerson(rs.getLong("id"), rs.getString("email"), rs.getBoolean("verified"),
                    name(rs.getString("first_name"), rs.getString("last_name")))).findOne();
        });
    }

    private static String name(String first, String last) {
        String joined = ((first == null ? "" : first.strip()) + " " + (last == null ? "" : last.strip())).strip();
        return joined.isEmpty() ? null : joined;
    }
}
