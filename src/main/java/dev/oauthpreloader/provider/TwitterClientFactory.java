package dev.oauthpreloader.provider;

import org.pac4j.oauth.client.TwitterClient;

/**
 * pac4j's TwitterClient (OAuth 1.0a): /login fetches a request token and keeps it in the session;
 * the callback must return that token with a verifier; the worker trades them for an access token
 * and reads the account.
 */
final class TwitterClientFactory {

    private TwitterClientFactory() {
    }

    static TwitterClient create(TwitterSettings settings) {
        TwitterClient client = new TwitterClient(settings.apiKey(), settings.apiSecret(), true) {
            @Override
            protected void internalInit(boolean forceReinit) {
                super.internalInit(forceReinit);
                // TwitterClient sets api.twitter.com's API and profile reader in its init; ours replace them after.
                configuration.setApi(new TwitterEndpoints(settings.apiUrl()));
                configuration.setProfileDefinition(new TwitterAccountProfile(settings.apiUrl()));
            }
        };
        client.setName(TwitterSettings.NAME);
        return client;
    }
}
