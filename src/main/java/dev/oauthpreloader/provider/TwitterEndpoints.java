package dev.oauthpreloader.provider;

import com.github.scribejava.apis.TwitterApi;

/** ScribeJava's Twitter OAuth 1.0a API ("Sign in with Twitter": /oauth/authenticate) at a configurable host. */
final class TwitterEndpoints extends TwitterApi {

    private final String apiUrl;

    TwitterEndpoints(String apiUrl) {
        this.apiUrl = apiUrl;
    }

    @Override
    public String getRequestTokenEndpoint() {
        return apiUrl + "/oauth/request_token";
    }

    @Override
    public String getAccessTokenEndpoint() {
        return apiUrl + "/oauth/access_token";
    }

    @Override
    public String getAuthorizationBaseUrl() {
        return apiUrl + "/oauth/authenticate";
    }
}
