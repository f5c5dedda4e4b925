package dev.oauthpreloader.provider;

/** The Twitter (X) app's OAuth 1.0a consumer key and secret; the URL exists for tests. */
public record TwitterSettings(String apiKey, String apiSecret, String apiUrl) {

    public static final String NAME = "twitter";
    public static final String DEFAULT_API_URL = "https://api.twitter.com";
}
