package dev.oauthpreloader.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oauthpreloader.account.ProviderIdentity;
import dev.oauthpreloader.operation.ExchangeFailure;
import dev.oauthpreloader.operation.FailureReason;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.pac4j.core.profile.CommonProfile;

/** How any pac4j profile becomes our identity: the id it needs, names from whatever the provider gave, bounded lengths. */
@Tag("unit")
class ProfileMappingTest {

    @Test
    void first_and_last_names_and_a_verified_email_are_taken_as_given() {
        ProviderIdentity identity = ProfileMapping.toIdentity("acme", true, profile("7", p -> {
            p.addAttribute("first_name", "Ada");
            p.addAttribute("family_name", "Lovelace");
            p.addAttribute("email", "ada@example.org");
            p.addAttribute("email_verified", "true");
        }));
        assertEquals(new ProviderIdentity("acme", "7", "ada@example.org", true, "Ada", "Lovelace"), identity);
    }

    @Test
    void an_untrusted_providers_verified_claim_counts_for_nothing() {
        ProviderIdentity identity = ProfileMapping.toIdentity("acme", false, profile("7", p -> {
            p.addAttribute("email", "ada@example.org");
            p.addAttribute("email_verified", true);
        }));
        assertEquals("ada@example.org", identity.email());
        assertFalse(identity.emailVerified());
    }

    @Test
    void a_display_name_alone_is_split_into_first_and_last_names() {
        ProviderIdentity identity = ProfileMapping.toIdentity("github", true, profile("1", p -> p.addAttribute("display_name", "Grace Brewster Hopper")));
        assertEquals("Grace", identity.firstName());
        assertEquals("Brewster Hopper", identity.lastName());
        assertFalse(identity.emailVerified(), "no email_verified claim is no verification");
    }

    @Test
    void a_person_without_any_name_is_greeted_by_username() {
        assertEquals("octocat", ProfileMapping.toIdentity("github", true, profile("1", p -> p.addAttribute("username", "octocat"))).firstName());
    }

    @Test
    void a_huge_name_is_cut_to_two_hundred_characters() {
        String first = ProfileMapping.toIdentity("acme", true, profile("1", p -> p.addAttribute("first_name", "A".repeat(5000)))).firstName();
        assertEquals(200, first.length());
    }

    @Test
    void a_profile_without_a_usable_id_is_no_identity() {
        for (String id : new String[] {null, "x".repeat(256)}) {
            ExchangeFailure failure = assertThrows(ExchangeFailure.class, () -> ProfileMapping.toIdentity("acme", true, profile(id, p -> { })));
            assertEquals(FailureReason.MISSING_PROFILE, failure.reason);
        }
        assertTrue(assertThrows(ExchangeFailure.class, () -> ProfileMapping.toIdentity("acme", true, null)).reason == FailureReason.MISSING_PROFILE);
    }

    private static CommonProfile profile(String id, java.util.function.Consumer<CommonProfile> fill) {
        CommonProfile profile = new CommonProfile();
        if (id != null) profile.setId(id);
        fill.accept(profile);
        return profile;
    }
}
