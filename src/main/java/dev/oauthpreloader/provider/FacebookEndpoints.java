package dev.oauthpreloader.provider;

import com.github.scribejava.apis.FacebookApi;

/** ScribeJava's Facebook API (its token format, secret in the request, appsecret_proof) at configurable URLs. */
final class FacebookEndpoints extends FacebookApi {

    private final String dialogUrl;
    private final String graphUrl;
    private final String version;

    FacebookEndpoints(FacebookSettings settings) {
        super(settings.apiVersion().substring(1));
        this.dialogUrl = settings.dialogUrl();
        this.graphUrl = settings.graphUrl();
        this.version = settings.apiVersion();
    }

    @Override
    public String getAccessTokenEndpoint() {
        return graphUrl + "/" + version + "/oauth/access_token";
    }

    @Override
    public String getRefreshTokenEndpoint() {
        throw new IllegalStateException("Facebook issues no refresh tokens, so there is no endpoint to refresh one");
    }

    @Override
    protected String getAuthorizationBaseUrl() {
        return dialogUrl + "/" + version + "/dialog/oauth";
    }
}
