package dev.oauthpreloader;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import dev.oauthpreloader.config.Env;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md is the only list of the variables, so it must match what the code reads.
 * The code is asked, not parsed: Env records every name Config looks up,
 * with one provider of each kind configured so that their variables are read too.
 */
@Tag("unit")
class ConfigDocumentationTest {

    static final Path PAGE = Path.of("docs", "configuration.md");
    /** Classes that call System.getenv themselves, and what they read outside Env (App hands the whole environment to Env). */
    static final Map<String, Set<String>> OTHER_READERS = Map.of("dev/oauthpreloader/App.class", Set.of(),
            "dev/oauthpreloader/simulator/StandaloneSimulator.class", Set.of("SIMULATOR_PORT", "SIMULATOR_BASE_URL",
                    "SIMULATOR_DATABASE_URL", "SIMULATOR_CLIENTS", "SIMULATOR_CLIENT_<ID>_SECRET", "SIMULATOR_CLIENT_<ID>_REDIRECT_URIS",
                    "SIMULATOR_ACCEPT_ANY_CLIENT", "SIMULATOR_MAX_WAIT_SECONDS", "SIMULATOR_PROFILE", "SIMULATOR_KEY_FILE",
                    "SIMULATOR_KEY_GRACE_SECONDS", "JTE_DEV"));
    /** A table row's first cell: one or more `NAME`s separated by commas. */
    static final Pattern ROW = Pattern.compile("^\\| ((?:`[A-Z][A-Z0-9_<>]*`(?:, )?)+) \\|", Pattern.MULTILINE);
    static final Pattern NAME = Pattern.compile("`([A-Z][A-Z0-9_<>]*)`");

    @Test
    void the_configuration_page_lists_exactly_the_variables_the_code_reads() {
        Set<String> read = new TreeSet<>();
        for (String name : variablesConfigReads()) {
            read.add(name.replaceFirst("^OAUTH2_ACME_SSO_", "OAUTH2_<NAME>_").replaceFirst("^OIDC_CORP_SSO_", "OIDC_<NAME>_"));
        }
        OTHER_READERS.values().forEach(read::addAll);
        Set<String> documented = documented();
        Set<String> undocumented = new TreeSet<>(read);
        undocumented.removeAll(documented);
        Set<String> unread = new TreeSet<>(documented);
        unread.removeAll(read);
        assertEquals(read, documented, "read but not on docs/configuration.md: " + undocumented
                + "; on the page but never read: " + unread);
    }

    @Test
    void only_the_classes_listed_here_read_the_environment_themselves() throws IOException {
        Path classes = Path.of("target", "classes");
        Set<String> readers = new TreeSet<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                // A call to System.getenv leaves the method's name in the class's constant pool.
                if (new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains("getenv")) {
                    readers.add(classes.relativize(file).toString().replace('\\', '/'));
                }
            }
        }
        assertEquals(new TreeSet<>(OTHER_READERS.keySet()), readers,
                "a class that reads System.getenv must list its variables in OTHER_READERS and on the configuration page");
    }

    /** Every name Config.fromEnvironment asks for, with every kind of provider configured. */
    static Set<String> variablesConfigReads() {
        Map<String, String> env = Map.ofEntries(
                Map.entry("GOOGLE_CLIENT_ID", "g"), Map.entry("GOOGLE_CLIENT_SECRET", "g"),
                Map.entry("GITHUB_CLIENT_ID", "h"), Map.entry("GITHUB_CLIENT_SECRET", "h"),
                Map.entry("FACEBOOK_APP_ID", "f"), Map.entry("FACEBOOK_APP_SECRET", "f"),
                Map.entry("TWITTER_API_KEY", "t"), Map.entry("TWITTER_API_SECRET", "t"),
                Map.entry("OAUTH2_PROVIDERS", "acme-sso"),
                Map.entry("OAUTH2_ACME_SSO_CLIENT_ID", "a"), Map.entry("OAUTH2_ACME_SSO_CLIENT_SECRET", "a"),
                Map.entry("OAUTH2_ACME_SSO_AUTH_URL", "https://acme.example/authorize"),
                Map.entry("OAUTH2_ACME_SSO_TOKEN_URL", "https://acme.example/token"),
                Map.entry("OAUTH2_ACME_SSO_USERINFO_URL", "https://acme.example/me"),
                Map.entry("OIDC_PROVIDERS", "corp-sso"),
                Map.entry("OIDC_CORP_SSO_CLIENT_ID", "c"), Map.entry("OIDC_CORP_SSO_CLIENT_SECRET", "c"),
                Map.entry("OIDC_CORP_SSO_ISSUER", "https://id.example.com"));
        Env reader = new Env(env);
        Config.read(reader);
        return reader.asked();
    }

    static Set<String> documented() {
        String page;
        try {
            page = Files.readString(PAGE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<String> names = new TreeSet<>();
        Matcher row = ROW.matcher(page);
        while (row.find()) {
            Matcher name = NAME.matcher(row.group(1));
            while (name.find()) names.add(name.group(1));
        }
        return names;
    }
}
