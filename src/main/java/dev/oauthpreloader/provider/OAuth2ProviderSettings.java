package dev.oauthpreloader.provider;

/**
 * A generic OAuth 2.0 provider described by configuration alone: its endpoints, its client
 * credentials, and which fields of its userinfo JSON hold the id, email and names.
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
        boolean clientSecretInBody) {
}
