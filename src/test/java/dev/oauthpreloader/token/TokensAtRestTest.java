package dev.oauthpreloader.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.oauthpreloader.support.CapturedLog;
import dev.oauthpreloader.support.FakeProvider;
import dev.oauthpreloader.support.LoginDriver;
import dev.oauthpreloader.support.PostgresServer;
import dev.oauthpreloader.support.RunningService;
import dev.oauthpreloader.support.ScriptedProvider;
import dev.oauthpreloader.support.ServiceExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A login keeps the provider's tokens, sealed: nowhere in the database, its files or the log in plain text. */
class TokensAtRestTest {

    static final String ACCESS = "at-kept-" + "7f3a9c1e55d2";
    static final String REFRESH = "rt-kept-" + "b81d04e6a9c7";
    static final CapturedLog output = new CapturedLog();
    static final FakeProvider provider = new FakeProvider();
    @RegisterExtension
    static final ServiceExtension service = ServiceExtension.with(provider.env("mock")).closing(provider, output);

    @BeforeEach
    void tokensWithRefresh() {
        provider.resetAnswers();
        provider.token(() -> ScriptedProvider.json("{\"access_token\":\"" + ACCESS + "\",\"token_type\":\"Bearer\","
                + "\"expires_in\":3600,\"refresh_token\":\"" + REFRESH + "\",\"scope\":\"profile email\"}"));
    }

    @Test
    void a_login_keeps_access_token_refresh_token_expiry_and_scopes_for_its_identity() {
        long before = System.currentTimeMillis();
        service.newPerson().logIn("mock");
        Map<String, Object> row = tokenRow();
        assertEquals("profile email", row.get("scopes"));
        long expires = ((Number) row.get("access_expires_at")).longValue();
        assertTrue(expires >= before + 3_600_000 && expires <= System.currentTimeMillis() + 3_600_000, "expiry: now + expires_in");
        assertFalse(asBoolean(row.get("needs_login")));
        KeptToken kept = store().find(((Number) row.get("identity_id")).longValue()).orElseThrow();
        assertEquals(ACCESS, kept.tokens().accessToken());
        assertEquals(REFRESH, kept.tokens().refreshToken());
    }

    @Test
    void no_token_is_in_plain_text_in_the_database_or_the_log() throws Exception {
        service.newPerson().logIn("mock");
        byte[] sealed = (byte[]) tokenRow().get("sealed");
        String raw = new String(sealed, StandardCharsets.ISO_8859_1);
        assertFalse(raw.contains(ACCESS) || raw.contains(REFRESH), "the sealed column hides the tokens");
        assertFalse(output.text().contains(ACCESS) || output.text().contains(REFRESH), "the log names no token");
        assumeTrue(!PostgresServer.selected(), "the file check is for SQLite's database files");
        List<Path> files;
        try (Stream<Path> all = Files.list(service.running().directory)) {
            files = all.filter(p -> p.getFileName().toString().startsWith("test.db")).toList();
        }
        assertFalse(files.isEmpty());
        StringBuilder all = new StringBuilder();
        for (Path file : files) {
            String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            assertFalse(bytes.contains(ACCESS) || bytes.contains(REFRESH), file + " holds a token in plain text");
            all.append(bytes);
        }
        assertTrue(all.toString().contains("ada@example.org"), "the files read are the database (the email is stored as is)");
    }

    @Test
    void logging_out_keeps_the_tokens_and_removing_the_identity_removes_them() {
        LoginDriver person = service.newPerson();
        person.logIn("mock");
        long identityId = ((Number) tokenRow().get("identity_id")).longValue();
        person.logout();
        assertEquals(1, count(identityId), "logout keeps the tokens");
        service.db().useHandle(h -> {
            if (!PostgresServer.selected()) h.execute("PRAGMA foreign_keys = ON");
            h.execute("DELETE FROM identity WHERE id = ?", identityId);
        });
        assertEquals(0, count(identityId), "the identity's tokens go with it");
    }

    @Test
    void a_tampered_row_is_unreadable_for_that_identity_only_and_logged_without_its_contents() {
        service.newPerson().logIn("mock");
        long identityId = ((Number) tokenRow().get("identity_id")).longValue();
        byte[] sealed = (byte[]) tokenRow().get("sealed");
        sealed[sealed.length - 3] ^= 0x40;
        service.db().useHandle(h -> h.createUpdate("UPDATE identity_token SET sealed = :s WHERE identity_id = :id")
                .bind("s", sealed).bind("id", identityId).execute());
        KeptToken kept = store().find(identityId).orElseThrow();
        assertFalse(kept.readable());
        assertNull(kept.tokens());
        assertTrue(output.text().contains("the kept token of identity " + identityId + " (mock) is unreadable"), output.text());
        assertFalse(output.text().contains(ACCESS));
        // Another identity's row still opens.
        provider.userinfo(() -> FakeProvider.userinfoJson("43", "Bob", "Builder", "bob@example.org"));
        service.newPerson().logIn("mock");
        long bob = service.db().withHandle(h -> h.createQuery(
                "SELECT id FROM identity WHERE provider = 'mock' AND provider_user_id = '43'").mapTo(Long.class).one());
        assertTrue(store().find(bob).orElseThrow().readable());
    }

    private Map<String, Object> tokenRow() {
        return service.db().withHandle(h -> h.createQuery("""
                        SELECT t.* FROM identity_token t JOIN identity i ON i.id = t.identity_id
                        WHERE i.provider = 'mock' AND i.provider_user_id = '42'""").mapToMap().one());
    }

    private int count(long identityId) {
        return service.db().withHandle(h -> h.createQuery("SELECT count(*) FROM identity_token WHERE identity_id = :id")
                .bind("id", identityId).mapTo(Integer.class).one());
    }

    /** The service's own keys: the key file it made beside its SQLite database, or the tests' TOKEN_KEYS. */
    static TokenStore store(ServiceExtension service) {
        TokenKeys keys = PostgresServer.selected() ? TokenKeys.parse(RunningService.TEST_TOKEN_KEYS)
                : TokenKeys.fromFile(service.running().directory.resolve(TokenSettings.KEY_FILE_NAME));
        return new TokenStore(service.db(), new Sealer(keys));
    }

    private TokenStore store() {
        return store(service);
    }

    static boolean asBoolean(Object value) {
        return value instanceof Boolean b ? b : ((Number) value).intValue() != 0;
    }
}
