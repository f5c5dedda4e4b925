package dev.oauthpreloader.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.oauthpreloader.support.FakeProvider;
import dev.oauthpreloader.support.RunningService;
import dev.oauthpreloader.web.SecurityHeaders;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The running service's page policy lets Connect forms reach each configured provider, and only those. */
class ProviderOriginsPolicyTest {

    @Test
    void every_page_lets_forms_reach_exactly_the_configured_providers_authorization_origins() {
        try (FakeProvider provider = new FakeProvider()) {
            Map<String, String> env = new HashMap<>(provider.env("mock"));
            env.put("GITHUB_CLIENT_ID", "gh-id");
            env.put("GITHUB_CLIENT_SECRET", "gh-secret");
            try (RunningService service = RunningService.start(env)) {
                String mock = SecurityHeaders.origin(env.get("OAUTH2_MOCK_AUTH_URL")).orElseThrow();
                String expected = "form-action 'self' " + String.join(" ", Stream.of(mock, "https://github.com").sorted().toList());
                for (String path : new String[] {"/", "/no-such-page", "/login/mock"}) {
                    String csp = service.newBrowser().get(path).header("Content-Security-Policy");
                    String formAction = Stream.of(csp.split("; ")).filter(p -> p.startsWith("form-action ")).findFirst().orElse("");
                    assertEquals(expected, formAction, path);
                }
            }
        }
    }
}
