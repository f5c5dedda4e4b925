package dev.oauthpreloader.provider;

import org.pac4j.core.client.IndirectClient;

/** A provider people can log in with: its URL name, the label on its button, and its pac4j client. */
public record LoginProvider(String name, String label, IndirectClient client) {
}
