package dev.oauthpreloader.provider;

/**
 * An OpenID Connect provider described by configuration: its discovery document and the client
 * registered there. {@code expectedIssuer} is set when the provider was configured by its issuer;
 * the discovery document must then name that same issuer (OpenID Connect Discovery 1.0, section 4.3).
 */
public record OidcSettings(
        String name,
        String label,
        String clientId,
        String clientSecret,
        String discoveryUrl,
        String expectedIssuer,
        String scope) {

    public static final String WELL_KNOWN = "/.well-known/openid-configuration";
    public static final String GOOGLE = "google";
    public static final String GOOGLE_DISCOVERY_URL = "https://accounts.google.com" + WELL_KNOWN;
    public static final String DEFAULT_SCOPE = "openid profile email";

    public boolean isGoogle() {
        return GOOGLE.equals(name);
    }
}
