package dev.oauthpreloader.config;

/** A configuration mistake, reported as one line at start-up (exit code 2). */
public final class ConfigException extends RuntimeException {

    public ConfigException(String message) {
        super(message, null, false, false);
    }
}
