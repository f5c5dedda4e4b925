package dev.oauthpreloader.provider;

import java.util.LinkedHashMap;
import java.util.Map;
import org.pac4j.oauth.client.GenericOAuth20Client;
import org.pac4j.scribe.builder.api.GenericApi20;

/** pac4j's generic OAuth 2.0 client, configured from {@link OAuth2ProviderSettings}. */
final class GenericOAuth2ClientFactory {

    private GenericOAuth2ClientFactory() {
    }

    static GenericOAuth20Client create(OAuth2ProviderSettings settings) {
        GenericOAuth20Client client = new GenericOAuth20Client();
        client.setName(settings.name());
        client.setKey(settings.clientId());
        client.setSecret(settings.clientSecret());
        client.setAuthUrl(settings.authorizationUrl());
        client.setTokenUrl(settings.tokenUrl());
        client.setProfileUrl(settings.userInfoUrl());
        client.setScope(settings.scope());
        client.setProfileId(settings.idField());
        client.setClientAuthenticationMethod(settings.clientSecretInBody()
                ? GenericApi20.REQUEST_BODY_AUTHENTICATION_METHOD : GenericApi20.BASIC_AUTH_AUTHENTICATION_METHOD);
        // Keys are pac4j's profile attribute names, which CommonProfile's getters read.
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("first_name", settings.firstNameField());
        attributes.put("family_name", settings.lastNameField());
        attributes.put("email", settings.emailField());
        attributes.put("email_verified", "Boolean|" + settings.emailVerifiedField());
        client.setProfileAttrs(attributes);
        return client;
    }
}
