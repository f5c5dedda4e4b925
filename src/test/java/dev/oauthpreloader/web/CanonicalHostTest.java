package dev.oauthpreloader.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oauthpreloader.support.Browser;
import dev.oauthpreloader.support.Page;
import dev.oauthpreloader.support.RunningService;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The host trap: the service's BASE_URL says localhost, and a person opens 127.0.0.1 instead. */
class CanonicalHostTest {

    static RunningService service;
    static String otherHost;

    @BeforeAll
    static void start() {
        service = RunningService.start();
        otherHost = service.baseUrl.replace("localhost", "127.0.0.1");
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void a_page_opened_on_another_host_is_redirected_to_the_same_path_and_query_on_BASE_URL() {
        Page start = Browser.at(otherHost).get("/login/simulator?user=bob&next=%2Fops");
        assertEquals(302, start.status());
        assertEquals(service.baseUrl + "/login/simulator?user=bob&next=%2Fops", start.location());
        assertNull(start.header("Set-Cookie"), "no session is started on the wrong host");
        assertEquals(service.baseUrl + "/", Browser.at(otherHost).get("/").location());
    }

    @Test
    void a_login_begun_on_another_host_ends_logged_in() {
        Browser browser = Browser.at(otherHost);
        Page end = browser.follow(otherHost + "/login/simulator?user=grace&auto=1");
        if (end.isPreloader()) {
            String query = "op=" + end.preloaderOp();
            for (int i = 0; i < 10 && browser.getJson(service.baseUrl + "/get-status?wait=2000&" + query).body().contains("\"pending\""); i++) {
                // the long poll waits on the server
            }
            end = browser.follow(service.baseUrl + "/success?" + query);
        }
        assertTrue(end.body().contains("Hi, Grace!"), end.body());
        assertEquals(service.baseUrl + "/", end.response().uri().toString());
    }

    @Test
    void a_callback_on_another_host_gets_a_page_naming_BASE_URL_and_the_redirect_uri_to_register() {
        int before = service.count("SELECT COUNT(*) FROM async_operation");
        Page callback = Browser.at(otherHost).get("/callback/simulator?code=abc&state=def");
        assertEquals(400, callback.status());
        assertTrue(callback.body().contains("BASE_URL"), callback.body());
        assertTrue(callback.body().contains(service.baseUrl + "/callback/simulator"), callback.body());
        assertEquals(before, service.count("SELECT COUNT(*) FROM async_operation"), "nothing was started");
    }

    @Test
    void a_form_posted_on_another_host_gets_the_page_instead_of_a_redirect() {
        Page logout = Browser.at(otherHost).post("/logout", Map.of("csrf", "x"));
        assertEquals(400, logout.status());
        assertTrue(logout.body().contains(service.baseUrl), logout.body());
    }

    @Test
    void health_metrics_and_static_files_answer_on_any_host_for_load_balancers_that_probe_by_address() {
        Browser probe = Browser.at(otherHost);
        assertEquals(200, probe.get("/health/live").status());
        assertEquals(200, probe.get("/health/ready").status());
        assertEquals(200, probe.get("/metrics").status());
        assertEquals(200, probe.get("/static/app.css").status());
        assertEquals(200, probe.get("/favicon.ico").status());
    }

    @Test
    void on_BASE_URLs_own_host_nothing_is_redirected() {
        assertEquals(200, service.newBrowser().get("/").status());
    }

    @ParameterizedTest
    @CsvSource({"localhost:7070, localhost", "LocalHost., localhost", "127.0.0.1:80, 127.0.0.1",
            "'[::1]:7070', ::1", "[::1], ::1", "login.example.com, login.example.com"})
    void the_host_name_is_compared_without_port_case_brackets_or_trailing_dot(String header, String name) {
        assertEquals(name, CanonicalHost.hostName(header));
    }
}
