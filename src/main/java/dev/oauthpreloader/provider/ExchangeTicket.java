package dev.oauthpreloader.provider;

import org.pac4j.core.credentials.Credentials;

/**
 * Everything the worker's exchange needs from the callback, captured on the request thread: the
 * worker never touches the finished request. Opaque outside this package.
 */
public final class ExchangeTicket {

    final DetachedCallContext context;
    final Credentials credentials;

    ExchangeTicket(DetachedCallContext context, Credentials credentials) {
        this.context = context;
        this.credentials = credentials;
    }
}
