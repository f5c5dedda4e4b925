package dev.oauthpreloader.provider;

import org.pac4j.core.client.IndirectClient;

/**
 * A provider people can log in with: its URL name, the label on its button, its pac4j client, and
 * the issuer it names in {@code iss} on its redirects (RFC 9207), or null when that is not known.
 */
public record LoginProvider(String name, String label, IndirectClient client, String issuer) {

    public LoginProvider(String name, String label, IndirectClient client) {
        this(name, label, client, null);
    }
}
