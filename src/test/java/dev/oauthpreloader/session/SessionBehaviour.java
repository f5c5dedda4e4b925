package dev.oauthpreloader.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oauthpreloader.session.SessionClient.Answer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a browser session promises, held on real HTTP against two nodes sharing one real database.
 * Run once per engine by its subclasses. Statements are counted as Jdbi runs them, never timed.
 */
abstract class SessionBehaviour {

    static final Duration IDLE = Duration.ofHours(8);
    static final Duration ABSOLUTE = Duration.ofDays(7);

    final TestClock clock = new TestClock();
    final SessionSettings settings = new SessionSettings(IDLE, ABSOLUTE, Duration.ofHours(1), SessionCookieSettings.forBaseUrl(false));
    Path directory;
    String databaseUrl;
    SessionNode node;
    SessionNode other;
    SessionClient browser;

    /** A fresh, empty database of this engine, which two nodes can share. */
    abstract String newDatabase(Path directory);

    @BeforeEach
    void start() throws IOException {
        directory = Files.createTempDirectory("oauth-preloader-session");
        databaseUrl = newDatabase(directory);
        node = new SessionNode(databaseUrl, settings, clock);
        other = new SessionNode(databaseUrl, settings, clock);
        browser = new SessionClient(SessionCookieSettings.NAME);
    }

    @AfterEach
    void stop() {
        node.gate.countDown();
        other.gate.countDown();
        node.close();
        other.close();
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void startSession() {
        assertEquals(200, browser.post(node, "/put/name/ada").status());
        assertNotNull(browser.cookie);
        node.statements.reset();
        other.statements.reset();
    }

    @Test
    void requests_to_routes_that_need_no_session_touch_no_session_storage_even_with_a_session_cookie() {
        startSession();
        assertEquals("ok", browser.get(node, "/health").body());
        assertEquals(200, browser.get(node, "/static/preloader.js").status());
        assertEquals(404, browser.get(node, "/favicon.ico").status());
        assertEquals(0, node.statements.total(), node.statements.toString());
    }

    @Test
    void a_request_without_a_cookie_that_only_reads_touches_no_session_storage_and_sets_no_cookie() {
        Answer answer = browser.get(node, "/read-two/name/other");
        assertEquals("-,-", answer.body());
        assertEquals(List.of(), answer.setCookies());
        assertEquals(0, node.statements.total(), node.statements.toString());
    }

    @Test
    void a_request_that_reads_its_session_makes_one_keyed_lookup_and_no_write() {
        startSession();
        assertEquals("ada,-", browser.get(other, "/read-two/name/other").body());
        assertEquals(1, other.statements.count("SELECT"), other.statements.toString());
        assertEquals(0, other.statements.writes(), other.statements.toString());
    }

    @Test
    void the_first_change_creates_the_session_with_one_insert_under_an_id_the_server_chose() {
        Answer answer = browser.post(node, "/put/name/ada");
        assertEquals(1, node.statements.count("INSERT"), node.statements.toString());
        assertEquals(1, node.statements.total(), "no lookup without a cookie: " + node.statements);
        String setCookie = answer.setCookies().get(0);
        assertTrue(setCookie.matches("preloader_session=[A-Za-z0-9_-]{43}; Path=/; HttpOnly; SameSite=Lax"), setCookie);
        assertEquals("ada", browser.get(other, "/read/name").body());
    }

    @Test
    void a_change_is_written_with_one_statement_and_the_next_request_on_another_node_sees_it() {
        startSession();
        Answer answer = browser.post(node, "/put/name/grace");
        assertEquals(1, node.statements.count("SELECT"), node.statements.toString());
        assertEquals(1, node.statements.count("UPDATE"), node.statements.toString());
        assertEquals(2, node.statements.total(), node.statements.toString());
        assertEquals(List.of(), answer.setCookies(), "the id stays; the cookie is not sent again");
        assertEquals("grace", browser.get(other, "/read/name").body());
    }

    @Test
    void putting_the_value_a_key_already_has_or_removing_a_missing_key_writes_nothing() {
        startSession();
        browser.post(node, "/put/name/ada");
        browser.post(node, "/remove/nothing-here");
        assertEquals(0, node.statements.writes(), node.statements.toString());
    }

    @Test
    void an_unknown_id_presented_by_the_browser_is_never_adopted() {
        String planted = SessionIds.mint();
        browser.cookie = planted;
        browser.post(node, "/put/name/ada");
        assertNotEquals(planted, browser.cookie, "a new session gets an id the server chose");
        assertEquals(0, rows("SELECT COUNT(*) FROM browser_session WHERE id_hash = '" + SessionIds.hash(planted) + "'"));
        assertEquals("ada", browser.get(other, "/read/name").body());
    }

    @Test
    void renewing_gives_a_new_id_keeps_the_values_and_the_old_id_is_worth_nothing_on_every_node() {
        startSession();
        String before = browser.cookie;
        Answer answer = browser.post(node, "/renew");
        assertEquals(1, node.statements.count("UPDATE"), node.statements.toString());
        assertEquals(2, node.statements.total(), node.statements.toString());
        assertNotEquals(before, browser.cookie);
        assertTrue(answer.setCookies().get(0).startsWith("preloader_session=" + browser.cookie + ";"));
        assertEquals("ada", browser.get(other, "/read/name").body());
        SessionClient thief = new SessionClient(SessionCookieSettings.NAME);
        thief.cookie = before;
        assertEquals("-", thief.get(other, "/read/name").body());
        assertEquals("-", thief.get(node, "/read/name").body());
        assertEquals(1, rows("SELECT COUNT(*) FROM browser_session"));
    }

    @Test
    void ending_a_session_on_one_node_ends_it_on_the_other_and_clears_the_cookie() {
        startSession();
        String before = browser.cookie;
        assertEquals("ada", browser.get(other, "/read/name").body());
        Answer answer = browser.post(node, "/end");
        assertTrue(answer.setCookies().get(0).startsWith("preloader_session=; Max-Age=0"), answer.setCookies().toString());
        assertNull(browser.cookie);
        SessionClient thief = new SessionClient(SessionCookieSettings.NAME);
        thief.cookie = before;
        assertEquals("-", thief.get(other, "/read/name").body());
        assertEquals(0, rows("SELECT COUNT(*) FROM browser_session"));
    }

    @Test
    void a_session_survives_a_restart_of_every_node() {
        startSession();
        node.close();
        other.close();
        node = new SessionNode(databaseUrl, settings, clock);
        other = new SessionNode(databaseUrl, settings, clock);
        assertEquals("ada", browser.get(node, "/read/name").body());
    }

    @Test
    void a_session_idle_longer_than_the_idle_timeout_is_over() {
        startSession();
        clock.advance(IDLE.minusMinutes(1));
        assertEquals("ada", browser.get(node, "/read/name").body());
        clock.advance(IDLE.plusMinutes(1));
        assertEquals("-", browser.get(node, "/read/name").body());
        assertEquals("-", browser.get(other, "/read/name").body());
    }

    @Test
    void a_read_only_request_records_use_at_most_once_an_hour_and_never_rewrites_the_values() {
        startSession();
        clock.advance(Duration.ofMinutes(59));
        browser.get(node, "/read/name");
        assertEquals(0, node.statements.writes(), node.statements.toString());
        clock.advance(Duration.ofMinutes(2));
        browser.get(node, "/read/name");
        assertEquals(1, node.statements.writes(), node.statements.toString());
        assertTrue(node.statements.toString().contains("SET LAST_SEEN_AT = "), node.statements.toString());
        assertFalse(node.statements.toString().contains("DATA ="), node.statements.toString());
        // The touch kept it alive: used every hour, a session outlives its idle timeout.
        for (int hour = 0; hour < 10; hour++) {
            clock.advance(Duration.ofHours(1).plusMinutes(1));
            assertEquals("ada", browser.get(other, "/read/name").body());
        }
    }

    @Test
    void a_shorter_idle_timeout_in_a_new_release_applies_at_once_to_sessions_written_before_it() {
        startSession();
        clock.advance(Duration.ofHours(2));
        SessionSettings stricter = new SessionSettings(Duration.ofHours(1), ABSOLUTE, Duration.ofMinutes(10), settings.cookie());
        try (SessionNode upgraded = new SessionNode(databaseUrl, stricter, clock)) {
            assertEquals("-", browser.get(upgraded, "/read/name").body());
        }
        assertEquals("ada", browser.get(node, "/read/name").body(), "the row itself is untouched");
    }

    @Test
    void a_busy_session_still_ends_at_its_absolute_lifetime() {
        startSession();
        keepBusyFor(ABSOLUTE.minusHours(2));
        assertEquals("ada", browser.get(node, "/read/name").body());
        clock.advance(Duration.ofHours(2).plusMinutes(1));
        assertEquals("-", browser.get(node, "/read/name").body());
        assertEquals("-", browser.get(other, "/read/name").body());
    }

    @Test
    void renewing_the_id_starts_the_absolute_lifetime_again() {
        startSession();
        keepBusyFor(ABSOLUTE.minusHours(2));
        browser.post(node, "/renew");
        keepBusyFor(Duration.ofHours(6));
        assertEquals("ada", browser.get(other, "/read/name").body());
    }

    @Test
    void expired_rows_are_deleted_by_the_cleaner_and_live_ones_are_kept() {
        startSession();
        clock.advance(IDLE.plusMinutes(1));
        SessionClient fresh = new SessionClient(SessionCookieSettings.NAME);
        fresh.post(node, "/put/name/grace");
        assertEquals(2, rows("SELECT COUNT(*) FROM browser_session"));
        node.sessions.deleteExpired();
        assertEquals(1, rows("SELECT COUNT(*) FROM browser_session"));
        assertEquals("grace", fresh.get(other, "/read/name").body());
    }

    @Test
    void tampered_unknown_and_oversized_cookies_are_no_session_and_never_an_error() {
        startSession();
        String real = browser.cookie;
        Map<String, Boolean> cookies = Map.of(
                real.substring(0, 42) + "!", false,
                real + "x", false,
                "a".repeat(4000), false,
                "{\"name\":\"ada\"}", false,
                SessionIds.mint(), true);
        cookies.forEach((cookie, looksLikeAnId) -> {
            node.statements.reset();
            SessionClient forger = new SessionClient(SessionCookieSettings.NAME);
            forger.cookie = cookie;
            Answer answer = forger.get(node, "/read/name");
            assertEquals(200, answer.status(), cookie);
            assertEquals("-", answer.body(), cookie);
            assertEquals(looksLikeAnId ? 1 : 0, node.statements.total(), "a malformed id costs no lookup: " + cookie);
        });
    }

    @Test
    void the_row_holds_json_text_and_the_hash_of_the_id_never_the_id() {
        startSession();
        browser.post(node, "/put/operation/op-1");
        Map<String, Object> row = node.database.jdbi().withHandle(h ->
                h.createQuery("SELECT id_hash, data FROM browser_session").mapToMap().one());
        assertEquals(SessionIds.hash(browser.cookie), row.get("id_hash"));
        assertEquals("{\"name\":\"ada\",\"operation\":\"op-1\"}", row.get("data"));
        assertFalse(row.toString().contains(browser.cookie));
    }

    @Test
    void a_row_that_is_not_a_json_object_of_strings_is_no_session_and_never_an_error() {
        startSession();
        for (String data : List.of("rO0ABXNyABFqYXZhLnV0aWwuSGFzaE1hcA==", "{\"name\":{\"@class\":\"java.net.URL\"}}",
                "[\"java.util.HashMap\",{}]", "null", "")) {
            node.database.jdbi().useHandle(h -> h.createUpdate("UPDATE browser_session SET data = :data").bind("data", data).execute());
            Answer answer = browser.get(node, "/read/name");
            assertEquals(200, answer.status(), data);
            assertEquals("-", answer.body(), data);
        }
    }

    @Test
    void a_change_made_before_an_error_response_is_still_written() {
        startSession();
        assertEquals(400, browser.post(node, "/fail-after-put/state/burnt").status());
        assertEquals("burnt", browser.get(other, "/read/state").body());
    }

    @Test
    void a_write_keeps_a_concurrent_requests_change_to_another_key() throws Exception {
        startSession();
        CompletableFuture<Answer> slow = parkedOn(node, () -> browser.post(node, "/park/put/operation/op-1"));
        assertEquals(200, browser.post(other, "/put/returnPath/%2Fdocs").status());
        node.gate.countDown();
        assertEquals(200, slow.get(20, TimeUnit.SECONDS).status());
        assertEquals("op-1", browser.get(other, "/read/operation").body());
        assertEquals("/docs", browser.get(other, "/read/returnPath").body());
        assertEquals("ada", browser.get(other, "/read/name").body());
    }

    @Test
    void a_read_only_request_running_across_a_write_neither_writes_nor_undoes_it() throws Exception {
        startSession();
        CompletableFuture<Answer> poll = parkedOn(node, () -> browser.get(node, "/park/read/user"));
        assertEquals(200, browser.post(other, "/put/user/42").status());
        node.gate.countDown();
        assertEquals("-", poll.get(20, TimeUnit.SECONDS).body(), "the poll answered from what it loaded");
        assertEquals(0, node.statements.writes(), node.statements.toString());
        assertEquals("42", browser.get(other, "/read/user").body());
    }

    @Test
    void a_write_with_an_id_renewed_meanwhile_is_dropped_and_brings_nothing_back() throws Exception {
        startSession();
        String before = browser.cookie;
        SessionClient late = new SessionClient(SessionCookieSettings.NAME);
        late.cookie = before;
        CompletableFuture<Answer> slow = parkedOn(node, () -> late.post(node, "/park/put/operation/op-1"));
        browser.post(other, "/renew");
        node.gate.countDown();
        assertEquals(200, slow.get(20, TimeUnit.SECONDS).status());
        assertEquals(1, rows("SELECT COUNT(*) FROM browser_session"));
        assertEquals("-", browser.get(other, "/read/operation").body());
        assertEquals("-", late.get(other, "/read/name").body(), "the old id is still worth nothing");
        assertEquals("ada", browser.get(other, "/read/name").body());
    }

    @Test
    void over_https_the_cookie_is_host_prefixed_secure_and_has_no_domain() {
        SessionSettings https = new SessionSettings(IDLE, ABSOLUTE, Duration.ofHours(1), SessionCookieSettings.forBaseUrl(true));
        try (SessionNode secure = new SessionNode(databaseUrl, https, clock)) {
            SessionClient client = new SessionClient("__Host-preloader_session");
            String setCookie = client.post(secure, "/put/name/ada").setCookies().get(0);
            assertTrue(setCookie.matches("__Host-preloader_session=[A-Za-z0-9_-]{43}; Path=/; Secure; HttpOnly; SameSite=Lax"), setCookie);
            assertEquals("ada", client.get(secure, "/read/name").body());
            SessionClient unprefixed = new SessionClient(SessionCookieSettings.NAME);
            unprefixed.cookie = client.cookie;
            assertEquals("-", unprefixed.get(secure, "/read/name").body(), "a cookie without the prefix is not read");
        }
    }

    /** Uses the session every two hours, well within the idle timeout, for this long. */
    private void keepBusyFor(Duration span) {
        for (Duration used = Duration.ZERO; used.compareTo(span) < 0; used = used.plusHours(2)) {
            clock.advance(Duration.ofHours(2));
            assertEquals(200, browser.post(node, "/put/seen/" + clock.millis()).status());
        }
    }

    /** Starts a request that parks on the node's gate, and returns once it has loaded its session. */
    private static CompletableFuture<Answer> parkedOn(SessionNode node, java.util.function.Supplier<Answer> request)
            throws InterruptedException {
        node.gate = new CountDownLatch(1);
        node.parked = new CountDownLatch(1);
        CompletableFuture<Answer> answer = CompletableFuture.supplyAsync(request);
        assertTrue(node.parked.await(20, TimeUnit.SECONDS), "the request reached the gate");
        return answer;
    }

    private int rows(String sql) {
        return node.database.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Integer.class).one());
    }
}
