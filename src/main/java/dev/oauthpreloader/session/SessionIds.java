package dev.oauthpreloader.session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Session ids: 256 random bits, and the SHA-256 that the table keeps in their place. */
final class SessionIds {

    private static final SecureRandom RANDOM = new SecureRandom();
    /** The shape of {@link #mint()}: anything else is not ours, and costs no lookup. */
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{43}");

    private SessionIds() {
    }

    /** A new id, URL-safe base64 of 32 random bytes (43 characters). */
    static String mint() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static boolean looksMinted(String candidate) {
        return candidate != null && SHAPE.matcher(candidate).matches();
    }

    /** What the table stores for {@code id}: the id itself never reaches the database. */
    static String hash(String id) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
