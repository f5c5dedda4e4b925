package dev.oauthpreloader.provider;

/**
 * A generic OAuth 2.0 provider described by configuration alone: its endpoints, its client
 * credentials, and which fields of its userinfo JSON hold the id, email and names. {@code issuer},
 * when known, is what the provider puts in {@code iss} on its redirects (RFC 9207), or null.
 */
public record OAuth2ProviderSettings(
        String name,
        String label,
        String clientId,
        String clientSecret,
        String authorizationUrl,
        String tokenUrl,
        String userInfoUrl,
        String scope,
        String idField,
        String emailField,
        String emailVerifiedField,
        String firstNameField,
        String lastNameField,
        boolean clientSecretInBody,
        String issuer) {

    /** A provider whose issuer is not known: its {@code iss}, if any, cannot be checked. */
    public OAuth2ProviderSettings(String name, String label, String clientId, String clientSecret,
                                  String authorizationUrl, String tokenUrl, String userInfoUrl, String scope,
                                  String idField, String emailField, String emailVerifiedField,
                                  String firstNameField, String lastNameField, boolean clientSecretInBody) {
        this(name, label, clientId, clientSecret, authorizationUrl, tokenUrl, userInfoUrl, scope, idField, emailField,
                emailVerifiedField, firstNameField, lastNameField, clientSecretInBody, null);
    }
}
