package dev.oauthpreloader.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oauthpreloader.support.RunningService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every browser asks for /favicon.ico; it used to be a 404 on every page. */
class FaviconTest {

    static RunningService service;

    @BeforeAll
    static void start() {
        service = RunningService.start();
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void favicon_ico_is_the_icon_file_from_static() throws Exception {
        HttpResponse<byte[]> icon = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(service.baseUrl + "/favicon.ico")).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, icon.statusCode());
        assertEquals("image/x-icon", icon.headers().firstValue("Content-Type").orElse(""));
        assertArrayEquals(Files.readAllBytes(Path.of("static", "favicon.ico")), icon.body());
        byte[] header = {0, 0, 1, 0};
        for (int i = 0; i < header.length; i++) assertEquals(header[i], icon.body()[i], "an ICO file's header");
    }

    @Test
    void every_page_of_the_layout_links_the_icon() {
        String index = service.newBrowser().get("/").body();
        assertTrue(index.contains("<link rel=\"icon\" href=\"/favicon.ico\""), index);
        assertEquals(200, service.newBrowser().get("/static/favicon.svg").status());
    }
}
