package dev.oauthpreloader.provider;

import org.pac4j.oauth.client.GitHubClient;

/** pac4j's GitHubClient with GitHub's URLs from configuration and the verified-email lookup. */
final class GitHubClientFactory {

    /** Read the profile and the email addresses; nothing that writes. pac4j's default "user" may write the profile. */
    static final String SCOPE = "read:user user:email";

    private GitHubClientFactory() {
    }

    static GitHubClient create(GitHubSettings settings) {
        GitHubUserProfile profile = new GitHubUserProfile(settings.apiUrl());
        GitHubClient client = new GitHubClient(settings.clientId(), settings.clientSecret()) {
            @Override
            protected void internalInit(boolean forceReinit) {
                super.internalInit(forceReinit);
                // GitHubClient sets github.com's API and profile reader in its init; ours replace them after.
                configuration.setApi(new GitHubEndpoints(settings.webUrl()));
                configuration.setProfileDefinition(profile);
            }
        };
        client.setName(GitHubSettings.NAME);
        client.setScope(SCOPE);
        client.setProfileCreator(new GitHubVerifiedEmail(client.getConfiguration(), client, profile));
        return client;
    }
}
