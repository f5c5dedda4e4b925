package dev.oauthpreloader.token;

import dev.oauthpreloader.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keys that seal provider tokens, each under an id that the row records. The first key seals
 * every new write; all of them open rows, so a rotated-out key keeps its rows readable until they
 * are written again (by a login or a refresh) under the new one.
 *
 * <p>Written as {@code id:base64key,id:base64key}, in {@code TOKEN_KEYS} or in the key file the
 * embedded default creates for itself. Error messages never quote a value: it is a secret.
 */
public final class TokenKeys {

    private static final Logger LOG = LoggerFactory.getLogger(TokenKeys.class);
    static final int KEY_BYTES = 32;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final String FORMAT = "must be comma-separated id:key entries, each key 32 random bytes in base64"
            + " (make one with: echo \"k1:$(openssl rand -base64 32)\")";

    private final Map<String, byte[]> keys;
    private final String primary;

    private TokenKeys(Map<String, byte[]> keys) {
        this.keys = keys;
        this.primary = keys.keySet().iterator().next();
    }

    /** Parses {@code id:base64key,...}; the exception's message says what is wrong, never what the value is. */
    public static TokenKeys parse(String value) {
        Map<String, byte[]> keys = new LinkedHashMap<>();
        String[] entries = value.split(",");
        for (int i = 0; i < entries.length; i++) {
            String entry = entries[i].trim();
            int colon = entry.indexOf(':');
            String where = entries.length == 1 ? "" : " (entry " + (i + 1) + ")";
            if (colon <= 0) throw new IllegalArgumentException(FORMAT + where);
            String id = entry.substring(0, colon);
            if (!ID.matcher(id).matches()) throw new IllegalArgumentException("key ids must be 1 to 64 of A-Z a-z 0-9 _ . -" + where);
            byte[] key = decode(entry.substring(colon + 1).trim());
            if (key == null) throw new IllegalArgumentException(FORMAT + ": a key is not base64" + where);
            if (key.length != KEY_BYTES) {
                throw new IllegalArgumentException(FORMAT + ": a key is " + key.length + " bytes, not 32" + where);
            }
            if (keys.put(id, key) != null) throw new IllegalArgumentException("names the key id '" + id + "' twice");
        }
        return new TokenKeys(keys);
    }

    /**
     * The key file of the embedded default: read if it exists, else created with one fresh key and
     * made readable by its owner only (rw-------), so that a demo keeps its tokens sealed across
     * restarts without any configuration.
     */
    public static TokenKeys fromFile(Path file) {
        try {
            if (Files.notExists(file)) create(file);
            warnIfOthersCanRead(file);
            return parse(Files.readString(file, StandardCharsets.US_ASCII).strip());
        } catch (IOException e) {
            throw new ConfigException("TOKEN_KEYS is not set and the key file " + file + " cannot be used ("
                    + e.getClass().getSimpleName() + "): set TOKEN_KEYS, or make the file readable");
        } catch (IllegalArgumentException e) {
            throw new ConfigException("TOKEN_KEYS is not set and the key file " + file + " " + e.getMessage());
        }
    }

    private static void create(Path file) throws IOException {
        byte[] key = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(key);
        String content = "local1:" + Base64.getEncoder().encodeToString(key) + "\n";
        Files.createDirectories(file.toAbsolutePath().getParent());
        try {
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(file);
            }
        } catch (FileAlreadyExistsException anotherNodeWon) {
            return;
        }
        Files.writeString(file, content, StandardCharsets.US_ASCII);
        LOG.info("created the token key file {} (readable by its owner only); keep it with the database", file);
    }

    private static void warnIfOthersCanRead(Path file) throws IOException {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (permissions.contains(PosixFilePermission.GROUP_READ) || permissions.contains(PosixFilePermission.OTHERS_READ)) {
                LOG.warn("the token key file {} is readable by other users: chmod 600 it", file);
            }
        } catch (UnsupportedOperationException notPosix) {
            // no POSIX permissions to check on this file system
        }
    }

    private static byte[] decode(String base64) {
        try {
            return base64.contains("-") || base64.contains("_") ? Base64.getUrlDecoder().decode(base64) : Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The id new writes are sealed under: the first key. */
    public String primaryId() {
        return primary;
    }

    /** Every key id, the primary first. */
    public List<String> ids() {
        return new ArrayList<>(keys.keySet());
    }

    byte[] key(String id) {
        return keys.get(id);
    }
}
