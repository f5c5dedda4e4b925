package dev.oauthpreloader.provider;

/** The redirect needed the provider first (a discovery document, an OAuth 1.0a request token) and it did not answer. */
public final class ProviderUnavailable extends RuntimeException {

    public ProviderUnavailable(String message) {
        super(message, null, false, false);
    }
}
