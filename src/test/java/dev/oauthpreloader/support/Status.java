package dev.oauthpreloader.support;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;

/**
 * The JSON /get-status answers, read as a record: the article's pending / ok / error (or unknown,
 * for no such login), the stage the preloader shows, and for a finished login the reason and
 * where the page goes next. Fields a status does not carry are null.
 */
public record Status(
        String status,
        String stage,
        String stageText,
        Long elapsedMs,
        Long deadlineMs,
        String reason,
        String message,
        String next) {

    private static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** Reads a /get-status answer; fails the test if it is not JSON. */
    public static Status of(Page page) {
        String type = page.header("Content-Type");
        assertTrue(type != null && type.startsWith("application/json"), "a JSON status, got " + type + ": " + page.body());
        try {
            return JSON.readValue(page.body(), Status.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("not a status: " + page.body(), e);
        }
    }

    /** Reads a /get-status body, or null if it is not one (an error page from a node that died, say). */
    public static Status parseOrNull(String body) {
        try {
            return JSON.readValue(body, Status.class);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    public boolean isPending() {
        return "pending".equals(status);
    }

    public boolean isOk() {
        return "ok".equals(status);
    }

    public boolean isError() {
        return "error".equals(status);
    }
}
