package dev.oauthpreloader.token;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.aead.AesGcmKey;
import com.google.crypto.tink.aead.AesGcmParameters;
import com.google.crypto.tink.subtle.AesGcmJce;
import com.google.crypto.tink.util.SecretBytes;
import java.security.GeneralSecurityException;
import java.util.HashMap;
import java.util.Map;

/**
 * The one place that encrypts: AES-256-GCM through Google Tink, a random 96-bit nonce per seal, the
 * nonce and 128-bit tag inside the sealed bytes. The associated data names what the bytes belong to,
 * so sealed bytes moved onto another row do not open there. Which key sealed them travels beside
 * them (identity_token.key_id), not inside: rotation needs no format change.
 */
public final class Sealer {

    /** Sealed bytes and the id of the key that sealed them. */
    public record Sealed(String keyId, byte[] bytes) {
    }

    /** The bytes did not open: a wrong or unknown key, or bytes changed since they were sealed. */
    public static final class Unreadable extends Exception {
        Unreadable(String why) {
            super(why);
        }
    }

    private final String primary;
    private final Map<String, Aead> aeads = new HashMap<>();

    public Sealer(TokenKeys keys) {
        this.primary = keys.primaryId();
        try {
            AesGcmParameters parameters = AesGcmParameters.builder().setKeySizeBytes(TokenKeys.KEY_BYTES)
                    .setIvSizeBytes(12).setTagSizeBytes(16).setVariant(AesGcmParameters.Variant.NO_PREFIX).build();
            for (String id : keys.ids()) {
                AesGcmKey key = AesGcmKey.builder().setParameters(parameters)
                        .setKeyBytes(SecretBytes.copyFrom(keys.key(id), InsecureSecretKeyAccess.get())).build();
                aeads.put(id, AesGcmJce.create(key));
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is unavailable in this JVM", e);
        }
    }

    public Sealed seal(byte[] plaintext, byte[] associatedData) {
        try {
            return new Sealed(primary, aeads.get(primary).encrypt(plaintext, associatedData));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("sealing failed", e);
        }
    }

    public byte[] open(String keyId, byte[] sealed, byte[] associatedData) throws Unreadable {
        Aead aead = aeads.get(keyId);
        if (aead == null) throw new Unreadable("sealed under key '" + keyId + "', which TOKEN_KEYS no longer has");
        try {
            return aead.decrypt(sealed, associatedData);
        } catch (GeneralSecurityException e) {
            throw new Unreadable("does not open under key '" + keyId + "': changed, or sealed for another row");
        }
    }
}
