package dev.oauthpreloader.support;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** One HTTP response as a test looks at it. */
public record Page(HttpResponse<String> response, long millis) {

    public int status() {
        return response.statusCode();
    }

    public String body() {
        return response.body();
    }

    public String header(String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    public boolean isRedirect() {
        return status() >= 300 && status() < 400 && header("Location") != null;
    }

    public String location() {
        String location = header("Location");
        return location == null ? null : response.uri().resolve(location).toString();
    }

    public String path() {
        return response.uri().getPath();
    }

    private static final java.util.regex.Pattern PRELOADER_OP = java.util.regex.Pattern.compile("id=\"preloader\" data-op=\"([^\"]+)\"");

    /** The preloader page, whichever address answered with it (the callback does, and so does /preloader). */
    public boolean isPreloader() {
        return status() == 200 && PRELOADER_OP.matcher(body()).find();
    }

    /** The operation the preloader page waits on, or null when this is not that page. */
    public String preloaderOp() {
        var matcher = PRELOADER_OP.matcher(body());
        return status() == 200 && matcher.find() ? matcher.group(1) : null;
    }

    /** The query parameters of the redirect target. */
    public Map<String, String> locationParams() {
        return params(URI.create(location()).getRawQuery());
    }

    public static Map<String, String> params(String rawQuery) {
        Map<String, String> params = new HashMap<>();
        if (rawQuery == null) return params;
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            params.put(URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return params;
    }
}
