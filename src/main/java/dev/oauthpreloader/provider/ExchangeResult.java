package dev.oauthpreloader.provider;

import dev.oauthpreloader.account.ProviderIdentity;

/** A finished exchange: who the person is, and the tokens the provider gave for them (null when it gave none). */
public record ExchangeResult(ProviderIdentity identity, ProviderTokens tokens) {
}
