package dev.oauthpreloader.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SessionCookieSettingsTest {

    @Test
    void over_plain_http_the_cookie_is_preloader_session_and_not_secure() {
        assertEquals("preloader_session=ID; Path=/; HttpOnly; SameSite=Lax", SessionCookieSettings.forBaseUrl(false).issue("ID"));
    }

    @Test
    void over_https_the_cookie_carries_the_host_prefix() {
        assertEquals("__Host-preloader_session=ID; Path=/; Secure; HttpOnly; SameSite=Lax",
                SessionCookieSettings.forBaseUrl(true).issue("ID"));
    }

    @Test
    void a_parent_domain_scope_is_possible_but_not_under_the_host_prefix() {
        assertEquals("__Secure-preloader_session=ID; Path=/; Domain=example.test; Secure; HttpOnly; SameSite=Lax",
                new SessionCookieSettings("__Secure-preloader_session", true, "example.test").issue("ID"));
        assertThrows(IllegalArgumentException.class, () -> new SessionCookieSettings("__Host-preloader_session", true, "example.test"));
        assertThrows(IllegalArgumentException.class, () -> new SessionCookieSettings("__Host-preloader_session", false, null));
    }

    @Test
    void session_cookie_domain_over_https_gives_a_secure_prefixed_cookie_with_that_domain() {
        assertEquals("__Secure-preloader_session=ID; Path=/; Domain=example.test; Secure; HttpOnly; SameSite=Lax",
                SessionCookieSettings.forBaseUrl(true, "example.test").issue("ID"));
        assertEquals("preloader_session=ID; Path=/; Domain=example.test; HttpOnly; SameSite=Lax",
                SessionCookieSettings.forBaseUrl(false, "example.test").issue("ID"));
        assertThrows(IllegalArgumentException.class, () -> new SessionCookieSettings("__Secure-preloader_session", false, "example.test"));
    }

    @Test
    void expiring_the_cookie_keeps_its_scope_so_the_browser_drops_that_very_cookie() {
        assertEquals("__Host-preloader_session=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/; Secure; HttpOnly; SameSite=Lax",
                SessionCookieSettings.forBaseUrl(true).expire());
    }
}
