package dev.oauthpreloader.web;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * What Jetty answers to a request it refuses before any route sees it, such as a path with a broken
 * escape ({@code /%ZZ}): our message page and headers instead of its bare "Bad Message 400".
 */
public final class MalformedRequestPage extends ErrorHandler {

    private final Templates templates;

    public MalformedRequestPage(Templates templates) {
        this.templates = templates;
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        SecurityHeaders.apply(fields);
        fields.put(HttpHeader.CONTENT_TYPE, "text/html;charset=utf-8");
        String page = templates.render("message.jte", Map.of(
                "title", HttpStatus.getMessage(status),
                "message", "This address or request is malformed, so it cannot be answered. Please check the link.",
                "status", status));
        return ByteBuffer.wrap(page.getBytes(StandardCharsets.UTF_8));
    }
}
