package dev.oauthpreloader.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What the Content-Security-Policy would refuse at run time, caught in the source: inline script,
 * inline style, event-handler attributes, and anything loaded from another host (no CDN).
 */
@Tag("unit")
class PagePolicyTest {

    private static final Pattern INLINE_SCRIPT = Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>", Pattern.CASE_INSENSITIVE);
    private static final Pattern INLINE_STYLE = Pattern.compile("<style\\b|\\sstyle\\s*=", Pattern.CASE_INSENSITIVE);
    private static final Pattern EVENT_HANDLER = Pattern.compile("\\son[a-z]+\\s*=", Pattern.CASE_INSENSITIVE);
    private static final Pattern OTHER_HOST = Pattern.compile("(?:https?:)?//[a-z0-9-]+(?:\\.[a-z0-9-]+)+", Pattern.CASE_INSENSITIVE);

    @Test
    void templates_have_no_inline_script_no_inline_style_and_no_event_handlers() throws IOException {
        for (Path template : files("templates", ".jte")) {
            String text = Files.readString(template);
            assertEquals("", firstMatch(INLINE_SCRIPT, text), template + " has an inline <script>");
            assertEquals("", firstMatch(INLINE_STYLE, text), template + " has inline style");
            assertEquals("", firstMatch(EVENT_HANDLER, text), template + " has an event-handler attribute");
        }
    }

    @Test
    void pages_and_their_assets_load_nothing_from_another_host() throws IOException {
        List<Path> all = Stream.of(files("templates", ".jte"), files("static", ".js"), files("static", ".css"))
                .flatMap(List::stream).toList();
        for (Path file : all) {
            assertEquals("", firstMatch(OTHER_HOST, Files.readString(file)), file + " refers to another host");
        }
    }

    private static String firstMatch(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        return matcher.find() ? matcher.group() : "";
    }

    private static List<Path> files(String directory, String suffix) throws IOException {
        try (Stream<Path> walk = Files.walk(Path.of(directory))) {
            return walk.filter(p -> p.toString().endsWith(suffix)).toList();
        }
    }
}
