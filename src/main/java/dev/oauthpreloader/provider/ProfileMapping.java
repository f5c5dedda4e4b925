package dev.oauthpreloader.provider;

import dev.oauthpreloader.account.ProviderIdentity;
import dev.oauthpreloader.operation.ExchangeFailure;
import dev.oauthpreloader.operation.FailureReason;
import org.pac4j.core.profile.CommonProfile;
import org.pac4j.core.profile.UserProfile;

/** Reads our identity fields out of whatever profile a pac4j client produced. */
public final class ProfileMapping {

    private static final int MAX_NAME = 200;
    private static final int MAX_EMAIL = 320;

    private ProfileMapping() {
    }

    /** @param trustEmail the provider's {@link ProviderPreset#trustEmail}: without it no address counts as verified */
    public static ProviderIdentity toIdentity(String provider, boolean trustEmail, UserProfile profile) {
        String id = profile == null ? null : profile.getId();
        if (id == null || id.isBlank() || id.length() > 255) throw new ExchangeFailure(FailureReason.MISSING_PROFILE);
        CommonProfile common = profile instanceof CommonProfile c ? c : null;
        String email = common == null ? null : clip(common.getEmail(), MAX_EMAIL);
        String first = common == null ? null : clip(common.getFirstName(), MAX_NAME);
        String last = common == null ? null : clip(common.getFamilyName(), MAX_NAME);
        if (common != null && first == null) {
            // GitHub and Twitter give one "name" (and a login): its first word greets the person.
            String display = clip(common.getDisplayName(), MAX_NAME);
            if (display != null) {
                int space = display.indexOf(' ');
                first = space < 0 ? display : display.substring(0, space);
                if (last == null && space > 0) last = clip(display.substring(space + 1), MAX_NAME);
            } else {
                first = clip(common.getUsername(), MAX_NAME);
            }
        }
        boolean verified = trustEmail && email != null && isTrue(profile.getAttribute("email_verified"));
        return new ProviderIdentity(provider, id, email, verified, first, last);
    }

    private static boolean isTrue(Object value) {
        return Boolean.TRUE.equals(value) || "true".equalsIgnoreCase(String.valueOf(value));
    }

    private static String clip(String value, int max) {
        if (value == null || value.isBlank()) return null;
        String trimmed = value.strip();
        return trimmed.length() <= max ? trimmed : trimmed.substring(0, max);
    }
}
