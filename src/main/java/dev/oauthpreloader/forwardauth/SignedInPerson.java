package dev.oauthpreloader.forwardauth;

/**
 * Who a logged-in session belongs to, as /auth tells the application.
 *
 * @param userId        user_profile.id: stable across providers and address changes
 * @param email         the account's address, or null
 * @param emailVerified some provider of this account vouched for exactly that address
 * @param name          first and last name, or null
 */
record SignedInPerson(long userId, String email, boolean emailVerified, String name) {
}
