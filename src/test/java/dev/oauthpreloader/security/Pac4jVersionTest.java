package dev.oauthpreloader.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The pac4j-core on the classpath carries the fixes for the 2026 CSRF advisories (6.4.1, 6.5.1).
 * pac4j-oauth 6.3.1 would pull 6.3.1 back in if the pin in pom.xml ever went away.
 */
@Tag("unit")
class Pac4jVersionTest {

    @Test
    void exactly_one_pac4j_core_is_on_the_classpath_and_it_has_the_csrf_fixes() throws IOException {
        List<String> versions = new ArrayList<>();
        for (URL url : Collections.list(getClass().getClassLoader().getResources("META-INF/maven/org.pac4j/pac4j-core/pom.properties"))) {
            try (InputStream in = url.openStream()) {
                Properties properties = new Properties();
                properties.load(in);
                versions.add(properties.getProperty("version"));
            }
        }
        assertEquals(1, versions.size(), "one pac4j-core: " + versions);
        assertTrue(hasCsrfFixes(versions.get(0)), "pac4j-core " + versions.get(0) + " predates the fixes in 6.4.1 and 6.5.1");
    }

    private static boolean hasCsrfFixes(String version) {
        String[] parts = version.split("[.-]");
        int major = Integer.parseInt(parts[0]);
        int minor = Integer.parseInt(parts[1]);
        int patch = Integer.parseInt(parts[2]);
        if (major != 6) return major > 6;
        return minor > 5 || (minor >= 4 && patch >= 1);
    }
}
