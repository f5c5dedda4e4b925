package dev.oauthpreloader.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oauthpreloader.crypto.Tokens;
import dev.oauthpreloader.support.Browser;
import dev.oauthpreloader.support.Page;
import dev.oauthpreloader.support.ServiceExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Pages link their CSS and script by content, so a browser keeps them instead of asking again on every page. */
class StaticAssetsTest {

    private static final Pattern LINKED = Pattern.compile("(?:href|src)=\"(/static/([a-z.-]+)\\?v=([0-9a-f]+))\"");

    @RegisterExtension
    static final ServiceExtension service = ServiceExtension.embeddedDefault();

    @Test
    void a_page_links_each_file_by_the_hash_of_the_bytes_served_and_that_address_is_kept_for_a_year() throws Exception {
        Browser browser = service.newBrowser();
        List<String> linked = new ArrayList<>();
        Matcher link = LINKED.matcher(browser.get("/").body());
        while (link.find()) {
            linked.add(link.group(2));
            Page file = browser.get(link.group(1));
            assertEquals(200, file.status(), link.group(1));
            assertEquals("public, max-age=31536000, immutable", file.header("Cache-Control"), link.group(1));
            byte[] onDisk = Files.readAllBytes(Path.of("static", link.group(2)));
            assertTrue(Tokens.sha256(onDisk).startsWith(link.group(3)), link.group(1) + " is not named by its content");
        }
        assertEquals(List.of("favicon.svg", "app.css"), linked);
    }

    @Test
    void an_address_without_this_nodes_hash_is_answered_but_revalidated_so_it_cannot_pin_other_bytes() {
        Browser browser = service.newBrowser();
        for (String path : new String[] {"/static/app.css", "/static/app.css?v=0123456789abcdef", "/static/preloader.js?v="}) {
            Page file = browser.get(path);
            assertEquals(200, file.status(), path);
            assertEquals("no-cache", file.header("Cache-Control"), path);
            assertTrue(file.header("ETag") != null, path + " can be revalidated");
        }
        Page missing = browser.get("/static/no-such-file.css?v=0123456789abcdef");
        assertEquals(404, missing.status());
        assertEquals("no-cache", missing.header("Cache-Control"));
    }

    @Test
    void nothing_is_gzipped_even_when_the_client_accepts_it_because_a_few_kb_cross_in_one_round_trip_anyway() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String css = "/static/app.css?v=" + StaticAssets.version("app.css").orElseThrow(); // 3.8 KB, over Javalin's 1500-byte threshold
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + css))
                .header("Accept-Encoding", "gzip, br").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Encoding").isEmpty(), "compressed: " + response.headers().map());
        assertArrayEquals(Files.readAllBytes(Path.of("static", "app.css")), response.body());
    }

    @Test
    void a_file_that_is_not_under_static_has_no_version() {
        assertTrue(StaticAssets.version("app.css").isPresent());
        assertTrue(StaticAssets.version("no-such-file.css").isEmpty());
        assertTrue(StaticAssets.version("../schema.sql").isEmpty());
    }
}
