package dev.oauthpreloader.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The RS256 keys id_tokens are signed with, by the JDK's own crypto: an independent implementation
 * is a better test of a client than the library the client itself uses. Rotation makes a new key
 * current; the one it replaces stays in the JWKS for a grace period, so tokens it signed still verify.
 */
final class SigningKeys {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    record Key(String kid, PrivateKey privateKey, RSAPublicKey publicKey, long retiredAt) {
    }

    private final Clock clock;
    private final long graceMillis;
    private final List<Key> keys = new ArrayList<>();

    private SigningKeys(Clock clock, long graceMillis, KeyPair first) {
        this.clock = clock;
        this.graceMillis = graceMillis;
        keys.add(key(first, Long.MAX_VALUE));
    }

    static SigningKeys generated(Clock clock, long graceMillis) {
        return new SigningKeys(clock, graceMillis, newPair());
    }

    /** The key in a PKCS#8 PEM file ({@code openssl genpkey -algorithm RSA}); a new one is written there if it is missing. */
    static SigningKeys fromFile(Path file, Clock clock, long graceMillis) {
        try {
            if (Files.exists(file)) return new SigningKeys(clock, graceMillis, read(Files.readString(file)));
            KeyPair pair = newPair();
            if (file.getParent() != null) Files.createDirectories(file.getParent());
            Files.writeString(file, "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pair.getPrivate().getEncoded())
                    + "\n-----END PRIVATE KEY-----\n");
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system: the directory's own permissions apply
            }
            return new SigningKeys(clock, graceMillis, pair);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static KeyPair read(String pem) {
        String base64 = pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
        try {
            KeyFactory factory = KeyFactory.getInstance("RSA");
            PrivateKey privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
            if (!(privateKey instanceof RSAPrivateCrtKey crt)) throw new IllegalArgumentException("not an RSA private key");
            var publicKey = factory.generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
            return new KeyPair(publicKey, privateKey);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("must hold an RSA private key in PKCS#8 PEM (-----BEGIN PRIVATE KEY-----)");
        }
    }

    synchronized Key current() {
        return keys.get(keys.size() - 1);
    }

    /** A new current key; the old one is served until the grace period ends. Returns the new key id. */
    synchronized String rotate() {
        long now = clock.millis();
        Key old = keys.remove(keys.size() - 1);
        keys.add(new Key(old.kid(), old.privateKey(), old.publicKey(), now + graceMillis));
        keys.add(key(newPair(), Long.MAX_VALUE));
        return current().kid();
    }

    /** The JWKS document: the current key and those still in their grace period. */
    synchronized Map<String, Object> jwks() {
        long now = clock.millis();
        keys.removeIf(k -> k.retiredAt() <= now);
        List<Map<String, Object>> served = new ArrayList<>();
        for (Key key : keys) {
            Map<String, Object> jwk = new LinkedHashMap<>();
            jwk.put("kty", "RSA");
            jwk.put("use", "sig");
            jwk.put("alg", "RS256");
            jwk.put("kid", key.kid());
            jwk.put("n", unsigned(key.publicKey().getModulus()));
            jwk.put("e", unsigned(key.publicKey().getPublicExponent()));
            served.add(jwk);
        }
        return Map.of("keys", served);
    }

    /** A compact JWS: RS256 over the claims, the header naming {@code kid}. */
    String sign(Map<String, Object> claims, String kid) {
        Key key = current();
        try {
            Map<String, Object> header = new LinkedHashMap<>();
            header.put("alg", "RS256");
            header.put("typ", "JWT");
            header.put("kid", kid == null ? key.kid() : kid);
            String input = URL.encodeToString(JSON.writeValueAsBytes(header)) + "." + URL.encodeToString(JSON.writeValueAsBytes(claims));
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(key.privateKey());
            rsa.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + URL.encodeToString(rsa.sign());
        } catch (JsonProcessingException | GeneralSecurityException e) {
            throw new IllegalStateException("signing an id_token failed", e);
        }
    }

    private static Key key(KeyPair pair, long retiredAt) {
        RSAPublicKey publicKey = (RSAPublicKey) pair.getPublic();
        return new Key(thumbprint(publicKey), pair.getPrivate(), publicKey, retiredAt);
    }

    /** The RFC 7638 thumbprint, so that the same key always has the same id, across restarts too. */
    private static String thumbprint(RSAPublicKey key) {
        String canonical = "{\"e\":\"" + unsigned(key.getPublicExponent()) + "\",\"kty\":\"RSA\",\"n\":\"" + unsigned(key.getModulus()) + "\"}";
        try {
            return URL.encodeToString(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) bytes = java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
        return URL.encodeToString(bytes);
    }

    private static KeyPair newPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA is part of every JVM", e);
        }
    }
}
