package dev.oauthpreloader.account;

import java.util.Optional;

/**
 * How two email addresses are compared, wherever one decides something (linking by email, the
 * /ops check): ASCII letters A-Z fold to a-z and nothing else changes, and an address with any
 * character outside printable ASCII is never equal to anything. Java's and PostgreSQL's Unicode
 * case mappings fold look-alikes (the Kelvin sign U+212A becomes "k") that SQLite's lower() leaves
 * alone; refusing non-ASCII addresses makes all three agree, and fail closed.
 */
public final class EmailKey {

    /**
     * The same rule in SQL, for {@code column} compared with {@code :emailKey} (an {@link #of} value).
     * On an all-ASCII value lower() folds A-Z alike on SQLite and PostgreSQL; the length test (characters
     * equal bytes in UTF-8) keeps non-ASCII rows out on both. schema.sql's index uses this expression.
     */
    static String sqlMatches(String column) {
        return "lower(" + column + ") = :emailKey AND length(" + column + ") = octet_length(" + column + ")";
    }

    private EmailKey() {
    }

    /** The address's key: ASCII-lowercased, or empty when it is null, blank or not printable ASCII. */
    public static Optional<String> of(String email) {
        if (email == null || email.isBlank()) return Optional.empty();
        StringBuilder key = new StringBuilder(email.length());
        for (int i = 0; i < email.length(); i++) {
            char c = email.charAt(i);
            if (c <= ' ' || c > '~') return Optional.empty();
            key.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
        }
        return Optional.of(key.toString());
    }
}
