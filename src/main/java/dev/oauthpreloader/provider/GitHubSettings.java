package dev.oauthpreloader.provider;

/**
 * The GitHub OAuth app. The two URLs are github.com's by default; a GitHub Enterprise Server
 * (or a test's MockWebServer) has its own.
 *
 * @param webUrl where /login/oauth/authorize and /login/oauth/access_token live
 * @param apiUrl where /user and /user/emails live
 */
public record GitHubSettings(String clientId, String clientSecret, String webUrl, String apiUrl) {

    public static final String NAME = "github";
    public static final String DEFAULT_WEB_URL = "https://github.com";
    public static final String DEFAULT_API_URL = "https://api.github.com";
}
