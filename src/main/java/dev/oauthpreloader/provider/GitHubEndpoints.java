package dev.oauthpreloader.provider;

import com.github.scribejava.apis.GitHubApi;

/** ScribeJava's GitHub API (its token answer format included) at a configurable host. */
final class GitHubEndpoints extends GitHubApi {

    private final String webUrl;

    GitHubEndpoints(String webUrl) {
        this.webUrl = webUrl;
    }

    @Override
    public String getAccessTokenEndpoint() {
        return webUrl + "/login/oauth/access_token";
    }

    @Override
    protected String getAuthorizationBaseUrl() {
        return webUrl + "/login/oauth/authorize";
    }
}
