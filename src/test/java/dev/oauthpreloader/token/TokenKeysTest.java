package dev.oauthpreloader.token;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oauthpreloader.Config;
import dev.oauthpreloader.config.ConfigException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("unit")
class TokenKeysTest {

    static final String KEY_A = Base64.getEncoder().encodeToString(bytes(32, 1));
    static final String KEY_B = Base64.getEncoder().encodeToString(bytes(32, 2));
    static final byte[] AD = "identity_token\nsimulator\nalice".getBytes(StandardCharsets.UTF_8);

    @Test
    void sealed_bytes_open_with_the_same_key_and_associated_data_and_hide_the_plaintext() throws Exception {
        Sealer sealer = new Sealer(TokenKeys.parse("a:" + KEY_A));
        byte[] plain = "at-known-value".getBytes(StandardCharsets.UTF_8);
        Sealer.Sealed sealed = sealer.seal(plain, AD);
        assertEquals("a", sealed.keyId());
        assertFalse(new String(sealed.bytes(), StandardCharsets.ISO_8859_1).contains("at-known-value"));
        assertArrayEquals(plain, sealer.open("a", sealed.bytes(), AD));
        assertNotEquals(new String(sealed.bytes(), StandardCharsets.ISO_8859_1),
                new String(sealer.seal(plain, AD).bytes(), StandardCharsets.ISO_8859_1), "a fresh nonce per seal");
    }

    @Test
    void bytes_sealed_for_one_identity_do_not_open_for_another_and_a_flipped_byte_does_not_open() {
        Sealer sealer = new Sealer(TokenKeys.parse("a:" + KEY_A));
        byte[] sealed = sealer.seal("secret".getBytes(StandardCharsets.UTF_8), AD).bytes();
        byte[] otherIdentity = "identity_token\nsimulator\nbob".getBytes(StandardCharsets.UTF_8);
        assertThrows(Sealer.Unreadable.class, () -> sealer.open("a", sealed, otherIdentity));
        byte[] flipped = sealed.clone();
        flipped[flipped.length / 2] ^= 1;
        assertThrows(Sealer.Unreadable.class, () -> sealer.open("a", flipped, AD));
    }

    @Test
    void after_a_rotation_new_writes_use_the_first_key_and_rows_of_the_old_key_still_open() throws Exception {
        byte[] old = new Sealer(TokenKeys.parse("a:" + KEY_A)).seal("old".getBytes(StandardCharsets.UTF_8), AD).bytes();
        Sealer rotated = new Sealer(TokenKeys.parse("b:" + KEY_B + ", a:" + KEY_A));
        assertEquals("b", rotated.seal("new".getBytes(StandardCharsets.UTF_8), AD).keyId());
        assertArrayEquals("old".getBytes(StandardCharsets.UTF_8), rotated.open("a", old, AD));
        Sealer withoutOld = new Sealer(TokenKeys.parse("b:" + KEY_B));
        assertTrue(assertThrows(Sealer.Unreadable.class, () -> withoutOld.open("a", old, AD)).getMessage().contains("no longer has"));
    }

    @Test
    void a_short_garbled_or_missing_key_stops_start_up_with_one_line_naming_the_variable_and_not_the_value() {
        String shortKey = Base64.getEncoder().encodeToString(bytes(16, 3));
        for (String bad : new String[] {"k1:" + shortKey, "k1:not*base64*at*all", shortKey, "k1:" + KEY_A + ",k1:" + KEY_B}) {
            ConfigException e = assertThrows(ConfigException.class, () -> Config.fromEnvironment(Map.of("TOKEN_KEYS", bad)));
            assertTrue(e.getMessage().startsWith("TOKEN_KEYS "), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
            assertFalse(e.getMessage().contains(shortKey) || e.getMessage().contains(KEY_A) || e.getMessage().contains("base64*"), e.getMessage());
        }
        ConfigException missing = assertThrows(ConfigException.class, () -> Config.fromEnvironment(
                Map.of("DATABASE_URL", "jdbc:postgresql://db.example.com/oauth")));
        assertTrue(missing.getMessage().startsWith("TOKEN_KEYS must be set"), missing.getMessage());
    }

    @Test
    void the_embedded_default_makes_its_own_key_file_readable_by_the_owner_only_and_reuses_it(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("data").resolve(TokenSettings.KEY_FILE_NAME);
        Map<String, String> env = Map.of("DATABASE_URL", "jdbc:sqlite:" + dir.resolve("data").resolve("oauth-preloader.db"));
        TokenSettings settings = Config.fromEnvironment(env).tokens();
        assertEquals(file, settings.keyFile());
        assertFalse(Files.exists(file), "reading the configuration writes nothing");
        byte[] sealed = new Sealer(settings.loadKeys()).seal("x".getBytes(StandardCharsets.UTF_8), AD).bytes();
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertArrayEquals("x".getBytes(StandardCharsets.UTF_8),
                new Sealer(Config.fromEnvironment(env).tokens().loadKeys()).open("local1", sealed, AD), "the next start reuses the key");
    }

    @Test
    void the_default_database_url_puts_the_key_file_under_data() {
        assertEquals(Path.of("data", TokenSettings.KEY_FILE_NAME), Config.fromEnvironment(Map.of()).tokens().keyFile());
    }

    @Test
    void a_garbled_key_file_stops_start_up_naming_the_file_and_the_variable(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve(TokenSettings.KEY_FILE_NAME), "local1:short\n");
        TokenSettings settings = Config.fromEnvironment(Map.of("DATABASE_URL", "jdbc:sqlite:" + dir.resolve("x.db"))).tokens();
        ConfigException e = assertThrows(ConfigException.class, settings::loadKeys);
        assertTrue(e.getMessage().startsWith("TOKEN_KEYS is not set and the key file"), e.getMessage());
    }

    private static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) (seed * 31 + i);
        return b;
    }
}
