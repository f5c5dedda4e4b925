package dev.oauthpreloader.web;

import io.javalin.Javalin;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** GET /favicon.ico: browsers ask for it on every site whatever the page links, so it must not be a 404. */
public final class Favicon {

    private static final String RESOURCE = "/static/favicon.ico";

    private Favicon() {
    }

    public static void register(Javalin app) {
        byte[] icon = read();
        app.get("/favicon.ico", ctx -> ctx.contentType("image/x-icon")
                .header("Cache-Control", "public, max-age=86400").result(icon));
    }

    private static byte[] read() {
        try (InputStream in = Favicon.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException(RESOURCE + " is missing from the build");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
