package dev.oauthpreloader.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.javalin.http.BadRequestResponse;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which absolute return addresses ALLOWED_REDIRECT_HOSTS lets through, and the tricks it does not. */
@Tag("unit")
class ReturnPathTest {

    static final ReturnPath RETURN = new ReturnPath("https://login.example.com",
            RedirectHosts.parse("app.example.com, .corp.example, wiki.example.com:8443, dev.example.com:*"));

    @ParameterizedTest(name = "{0} is allowed")
    @ValueSource(strings = {"/account?tab=1", "https://app.example.com", "https://app.example.com/", "http://app.example.com/x?a=1&b=2",
            "HTTPS://APP.example.com/page", "https://app.example.com:443/x", "http://app.example.com:80/x",
            "https://corp.example/", "https://a.b.corp.example/path", "https://wiki.example.com:8443/w",
            "https://dev.example.com:3000/", "https://login.example.com/account", "https://login.example.com:443/"})
    void an_allowed_address_is_kept_as_given(String address) {
        assertEquals(address, RETURN.parse(address));
    }

    @ParameterizedTest(name = "{0} is refused")
    @ValueSource(strings = {"https://evil.example", "https://app.example.com.evil.example/", "https://badapp.example.com/",
            "https://evilcorp.example/", "https://app.example.com@evil.example/", "https://evil.example\\@app.example.com/",
            "https://app.example.com\\.evil.example/", "https://app.example.com:8443/", "https://wiki.example.com/",
            "https://app.example.com./", "https://app.example.com/#@evil.example", "ftp://app.example.com/",
            "javascript://app.example.com/%0aalert(1)x", "//app.example.com/", "https:app.example.com", "https:/app.example.com",
            "https://app.example.com /", "https://app.example.com/\t", "https://%61pp.example.com/", "https://[::1]/",
            "https://app.example.com:0/", "https://app.example.com:99999/", "https://app.example.com/%zz",
            "http://login.example.com/", "https://login.example.com:8443/", "https://example.com/"})
    void anything_else_is_refused_with_400(String address) {
        assertThrows(BadRequestResponse.class, () -> RETURN.parse(address));
    }

    @Test
    void without_a_list_only_local_paths_and_the_own_origin_pass() {
        ReturnPath none = new ReturnPath("http://localhost:7070", RedirectHosts.NONE);
        assertEquals("/x", none.parse("/x"));
        assertEquals("http://localhost:7070/x", none.parse("http://localhost:7070/x"));
        assertThrows(BadRequestResponse.class, () -> none.parse("http://localhost:7071/x"));
        assertThrows(BadRequestResponse.class, () -> none.parse("http://app.example.com/x"));
    }

    @ParameterizedTest(name = "ALLOWED_REDIRECT_HOSTS={0} is refused")
    @ValueSource(strings = {".", "*", ".com", "*.example.com", "app.example.com:http", "app.example.com:0", "exa mple.com",
            "https://app.example.com", "app.example.com/path", "user@app.example.com", "-app.example.com"})
    void a_bad_list_entry_stops_start_up(String value) {
        assertThrows(IllegalArgumentException.class, () -> RedirectHosts.parse(value));
    }
}
