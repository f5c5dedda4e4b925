package dev.oauthpreloader.web;

/**
 * The short reference a person can quote to support: the first characters of the operation's
 * public id. Every log line about a login carries {@code op=<public id>}, so {@code grep op=<reference>}
 * finds it; 8 URL-safe base64 characters are 48 bits, enough to tell a day's logins apart.
 */
public final class SupportReference {

    public static final int LENGTH = 8;

    private SupportReference() {
    }

    public static String of(String publicId) {
        return publicId.length() > LENGTH ? publicId.substring(0, LENGTH) : publicId;
    }
}
