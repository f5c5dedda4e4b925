package dev.oauthpreloader.provider;

/**
 * The Facebook app. The URLs are Facebook's by default and exist to point the client at a test
 * server; the Graph API version is in every URL because Facebook retires old versions.
 */
public record FacebookSettings(String appId, String appSecret, String apiVersion, String dialogUrl, String graphUrl) {

    public static final String NAME = "facebook";
    public static final String DEFAULT_API_VERSION = "v23.0";
    public static final String DEFAULT_DIALOG_URL = "https://www.facebook.com";
    public static final String DEFAULT_GRAPH_URL = "https://graph.facebook.com";
}
