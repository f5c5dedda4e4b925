package dev.oauthpreloader.provider;

import java.time.Duration;
import org.pac4j.core.client.IndirectClient;
import org.pac4j.core.profile.creator.ProfileCreator;

/**
 * One configured provider before its client exists: what each provider's file reads from the
 * environment, and how it builds its pac4j client with its quirks. The registry adds what every
 * provider shares (redirect URI, state, PKCE, timeouts).
 */
public interface ProviderPreset {

    String name();

    String label();

    IndirectClient newClient(Duration connectTimeout, Duration readTimeout);

    /**
     * Whether this provider's word that an address is verified is believed ({@code …_TRUST_EMAIL}).
     * When false, every address it sends counts as unverified: it never links two accounts and never
     * names an administrator, because a provider that does not check addresses lets anyone claim
     * anyone's (Keycloak's "Trust email", Auth.js's allowDangerousEmailAccountLinking).
     */
    boolean trustEmail();

    /**
     * Replaces what the pac4j client's own init set that this provider does differently (its
     * endpoints at a configurable host, its profile reader). Called once, right after init.
     */
    default void afterInit(IndirectClient client) {
    }

    /**
     * Reads the person's profile once an OAuth 2.0 client holds the token; null keeps the pac4j
     * client's own (Facebook's, which signs each request with appsecret_proof).
     */
    default ProfileCreator profileCreator(ReusedOAuth20Service services, IndirectClient client) {
        return new ReusedServiceProfileCreator(services, client);
    }

    /** What the provider names in {@code iss} on its redirects (RFC 9207), or null where unknown. */
    default String issuer() {
        return null;
    }

    /** Where the browser is sent to log in, for the page policy; null where only discovery tells (OpenID Connect). */
    default String authorizationEndpoint() {
        return null;
    }

    /** Whether logging out also ends the session at the provider (OpenID Connect RP-initiated logout). */
    default boolean logoutAtProvider() {
        return false;
    }

    /** Whether "show what the provider says now" is offered (not for Facebook and Twitter: see docs/tokens.md). */
    default boolean offersFreshProfile() {
        return true;
    }

    default Pac4jProvider.RedirectHook redirectHook() {
        return Pac4jProvider.RedirectHook.NONE;
    }

    /** The provider's variables start with this; its name's dashes become underscores ({@code my-idp}: {@code OIDC_MY_IDP_}). */
    static String prefix(String kind, String name) {
        return kind + "_" + name.toUpperCase(java.util.Locale.ROOT).replace('-', '_') + "_";
    }

    /** The label a generic provider gets unless configured: its name, capitalised. */
    static String defaultLabel(String name) {
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }
}
