package dev.oauthpreloader.account;

/**
 * Who the provider says the person is. {@code providerUserId} is unique only within {@code provider};
 * {@code emailVerified} is true only when the provider itself vouches for the address.
 */
public record ProviderIdentity(
        String provider,
        String providerUserId,
        String email,
        boolean emailVerified,
        String firstName,
        String lastName) {
}
