package dev.oauthpreloader.provider;

import org.pac4j.oauth.client.FacebookClient;

/** pac4j's FacebookClient asking only for what an account needs, at Graph URLs from configuration. */
final class FacebookClientFactory {

    static final String SCOPE = "public_profile,email";
    static final String FIELDS = "id,name,first_name,last_name,email";

    private FacebookClientFactory() {
    }

    static FacebookClient create(FacebookSettings settings) {
        FacebookClient client = new FacebookClient(settings.appId(), settings.appSecret()) {
            @Override
            protected void internalInit(boolean forceReinit) {
                super.internalInit(forceReinit);
                // FacebookClient sets its fixed-version API and /me reader in its init; ours replace them after.
                configuration.setApi(new FacebookEndpoints(settings));
                configuration.setProfileDefinition(new FacebookGraphProfile(settings));
            }
        };
        client.setName(FacebookSettings.NAME);
        client.setScope(SCOPE);
        client.setFields(FIELDS);
        return client;
    }
}
