package dev.oauthpreloader.web;

import dev.oauthpreloader.crypto.Tokens;
import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;
import io.javalin.http.staticfiles.StaticFileConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The files under /static, linked by their content: a page links {@code /static/app.css?v=<hash of
 * its bytes>}, and that address is cached for a year. Without it every page view asked again
 * whether app.css had changed (and the preloader page preloader.js too), one more request per page
 * to the service, and on the person's way to the logged-in page. A changed file gets a new address,
 * so nobody keeps an old copy. An address whose hash is not this node's (a node of another version
 * behind the same proxy, a hand-typed URL) is answered but must be revalidated, so it cannot pin old
 * bytes under a new name.
 */
public final class StaticAssets {

    private static final String IMMUTABLE = "public, max-age=31536000, immutable";
    private static final String REVALIDATE = "no-cache";
    private static final String PATH = "/static/";
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{0,63}");
    /** Only files that exist: a miss is looked up again, so made-up names cannot fill it. */
    private static final Map<String, String> VERSIONS = new ConcurrentHashMap<>();

    private StaticAssets() {
    }

    /** The address a page links {@code file} (a name under static/) by; jte templates call it. */
    public static String url(String file) {
        String version = version(file).orElseThrow(() -> new IllegalStateException(PATH + file + " is missing from the build"));
        return PATH + file + "?v=" + version;
    }

    /** Serves static/ from the class path at /static, without Javalin's own Cache-Control (max-age=0): {@link #register} sets it. */
    public static void serve(StaticFileConfig files) {
        files.hostedPath = "/static";
        files.directory = "/static";
        files.location = Location.CLASSPATH;
        files.headers = Map.of();
    }

    /** Sets how long a browser may keep each static file. */
    public static void register(Javalin app) {
        app.before(PATH + "*", ctx -> {
            String file = ctx.path().substring(PATH.length());
            String asked = ctx.queryParam("v");
            boolean current = asked != null && version(file).map(asked::equals).orElse(false);
            ctx.header("Cache-Control", current ? IMMUTABLE : REVALIDATE);
        });
    }

    /** The first 16 characters of the file's SHA-256, or empty if there is no such file; read once. */
    static Optional<String> version(String file) {
        String known = VERSIONS.get(file);
        if (known != null || !NAME.matcher(file).matches()) return Optional.ofNullable(known);
        Optional<String> found = hash(file);
        found.ifPresent(version -> VERSIONS.put(file, version));
        return found;
    }

    private static Optional<String> hash(String file) {
        try (InputStream in = StaticAssets.class.getResourceAsStream(PATH + file)) {
            return in == null ? Optional.empty() : Optional.of(Tokens.sha256(in.readAllBytes()).substring(0, 16));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
