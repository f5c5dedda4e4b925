package dev.oauthpreloader.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oauthpreloader.support.ServiceExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** With METRICS_TOKEN set, /metrics answers only a scraper that sends it as a bearer token. */
class MetricsTokenTest {

    static final String TOKEN = "scrape-token-0123456789";
    @RegisterExtension
    static final ServiceExtension service = ServiceExtension.with(Map.of("METRICS_TOKEN", TOKEN));
    static final HttpClient http = HttpClient.newHttpClient();

    @Test
    void without_the_token_metrics_answers_401_and_says_how_to_authenticate() throws Exception {
        HttpResponse<String> response = get(null);
        assertEquals(401, response.statusCode());
        assertEquals("Bearer realm=\"metrics\"", response.headers().firstValue("WWW-Authenticate").orElse(null));
        assertFalse(response.body().contains("preloader_"));
        assertEquals(401, get("Bearer wrong-token-0123456789").statusCode());
        assertEquals(401, get(TOKEN).statusCode(), "the scheme is part of it");
    }

    @Test
    void with_the_token_metrics_answers_prometheus_text() throws Exception {
        HttpResponse<String> response = get("Bearer " + TOKEN);
        assertEquals(200, response.statusCode());
        PrometheusText metrics = PrometheusText.parse(response.body());
        assertEquals(0, metrics.value("preloader_logins_started_total", "provider", "simulator"), "known providers start at 0");
        assertTrue(metrics.samples.size() > 10);
    }

    @Test
    void health_stays_open_for_load_balancers() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + "/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
    }

    private static HttpResponse<String> get(String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(service.baseUrl() + "/metrics"));
        if (authorization != null) request.header("Authorization", authorization);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
