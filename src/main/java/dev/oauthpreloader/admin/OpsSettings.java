package dev.oauthpreloader.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Who may see the operations page, and what guards /metrics.
 *
 * @param adminEmails  ADMIN_EMAILS: lower-cased addresses whose verified owners may open /ops; empty: nobody
 * @param metricsToken METRICS_TOKEN: the bearer token /metrics requires; empty: /metrics is open
 */
public record OpsSettings(List<String> adminEmails, String metricsToken) {

    // Deliberately loose: one @, no spaces or commas. The provider decides what an address is.
    private static final Pattern EMAIL = Pattern.compile("[^@\\s,]+@[^@\\s,]+\\.[^@\\s,]+");
    static final int MIN_TOKEN_LENGTH = 16;

    public boolean isAdminEmail(String email) {
        return email != null && adminEmails.contains(email.toLowerCase(Locale.ROOT));
    }

    /** Parses ADMIN_EMAILS; throws IllegalArgumentException with the reason, as Config expects. */
    public static List<String> parseAdminEmails(String value) {
        List<String> emails = new ArrayList<>();
        for (String raw : value.split(",")) {
            String email = raw.trim().toLowerCase(Locale.ROOT);
            if (email.isEmpty()) continue;
            if (email.length() > 320 || !EMAIL.matcher(email).matches()) {
                throw new IllegalArgumentException("must be comma-separated email addresses such as admin@example.com");
            }
            if (!emails.contains(email)) emails.add(email);
        }
        return List.copyOf(emails);
    }

    /** Parses METRICS_TOKEN: empty, or long enough that guessing it is hopeless. */
    public static String parseMetricsToken(String value) {
        if (value.isEmpty()) return value;
        if (value.length() < MIN_TOKEN_LENGTH || value.chars().anyMatch(c -> c <= ' ' || c > '~')) {
            throw new IllegalArgumentException("must be at least " + MIN_TOKEN_LENGTH + " printable characters without spaces");
        }
        return value;
    }
}
