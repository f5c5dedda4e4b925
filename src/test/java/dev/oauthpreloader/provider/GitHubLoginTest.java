package dev.oauthpreloader.provider;

import static dev.oauthpreloader.support.ScriptedProvider.form;
import static dev.oauthpreloader.support.ScriptedProvider.json;
import static dev.oauthpreloader.support.ScriptedProvider.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oauthpreloader.support.Browser;
import dev.oauthpreloader.support.Page;
import dev.oauthpreloader.support.LoginDriver;
import dev.oauthpreloader.support.ServiceExtension;
import dev.oauthpreloader.support.ScriptedProvider;
import java.util.Map;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** pac4j's GitHubClient against MockWebServer answering with GitHub's token, /user and /user/emails shapes. */
class GitHubLoginTest {

    static final ScriptedProvider github = new ScriptedProvider();
    @RegisterExtension
    static final ServiceExtension service = ServiceExtension.with(Map.of(
                    "GITHUB_CLIENT_ID", "Iv1.test-client",
                    "GITHUB_CLIENT_SECRET", "github-secret-do-not-log",
                    "GITHUB_URL", github.url(),
                    "GITHUB_API_URL", github.url() + "/api/v3",
                    "LOGIN_DEADLINE_SECONDS", "5"))
            .closing(github);
    LoginDriver person;
    Browser browser;

    static final String USER_WITHOUT_EMAIL = """
            {"login":"octocat","id":583231,"node_id":"MDQ6VXNlcjU4MzIzMQ==","avatar_url":"https://avatars.githubusercontent.com/u/583231?v=4",
             "html_url":"https://github.com/octocat","type":"User","site_admin":false,"name":"Mona Lisa Octocat","company":"@github",
             "blog":"https://github.blog","location":"San Francisco","email":null,"hireable":null,"bio":null,
             "public_repos":8,"public_gists":8,"followers":9999,"following":9,
             "created_at":"2011-01-25T18:44:36Z","updated_at":"2026-01-22T12:13:38Z"}""";

    static final String EMAILS = """
            [{"email":"octocat@users.noreply.github.com","primary":false,"verified":true,"visibility":null},
             {"email":"unverified@example.org","primary":false,"verified":false,"visibility":null},
             {"email":"mona@example.org","primary":true,"verified":true,"visibility":"private"}]""";

    @BeforeEach
    void script() {
        person = service.newPerson();
        browser = person.browser;
        github.on("/login/oauth/access_token", r -> form("access_token=gho_16C7e42F292c6912E7710c838347Ae178B4a&scope=read%3Auser%2Cuser%3Aemail&token_type=bearer"));
        github.on("/api/v3/user", r -> json(USER_WITHOUT_EMAIL));
        github.on("/api/v3/user/emails", r -> json(EMAILS));
    }

    @Test
    void login_redirects_to_github_with_state_pkce_and_read_only_scopes() {
        Page login = browser.get("/login/github");
        assertTrue(login.location().startsWith(github.url() + "/login/oauth/authorize?"), login.location());
        Map<String, String> params = login.locationParams();
        assertEquals("Iv1.test-client", params.get("client_id"));
        assertEquals("read:user user:email", params.get("scope"));
        assertEquals(service.baseUrl() + "/callback/github", params.get("redirect_uri"));
        assertTrue(params.get("state").length() >= 43);
        assertEquals("S256", params.get("code_challenge_method"));
    }

    @Test
    void a_user_without_public_email_gets_the_primary_verified_one_from_user_emails() {
        String op = login();
        assertTrue(person.success(op).body().contains("Hi, Mona!"));
        assertEquals(1, service.count("""
                SELECT COUNT(*) FROM identity WHERE provider = 'github' AND provider_user_id = '583231'
                AND email = 'mona@example.org' AND email_verified = TRUE"""));
        RecordedRequest user = github.requestsTo("/api/v3/user").get(0);
        assertEquals("Bearer gho_16C7e42F292c6912E7710c838347Ae178B4a", user.getHeader("Authorization"));
        RecordedRequest token = github.requestsTo("/login/oauth/access_token").get(0);
        Map<String, String> form = Page.params(token.getBody().readUtf8());
        assertEquals("authorization_code", form.get("grant_type"));
        assertTrue(form.containsKey("code_verifier"), "PKCE verifier sent");
    }

    @Test
    void a_public_email_counts_as_verified_only_if_user_emails_says_so() {
        github.on("/api/v3/user", r -> json(USER_WITHOUT_EMAIL.replace("\"email\":null", "\"email\":\"unverified@example.org\"")
                .replace("583231", "583232")));
        login();
        assertEquals(1, service.count("""
                SELECT COUNT(*) FROM identity WHERE provider_user_id = '583232' AND email = 'unverified@example.org' AND email_verified = FALSE"""));
    }

    @Test
    void without_the_email_scope_the_login_still_works_with_no_email() {
        github.on("/api/v3/user", r -> json(USER_WITHOUT_EMAIL.replace("583231", "583233").replace("\"name\":\"Mona Lisa Octocat\"", "\"name\":null")));
        github.on("/api/v3/user/emails", r -> status(404, "{\"message\":\"Not Found\"}"));
        String op = login();
        assertTrue(person.success(op).body().contains("Hi, octocat!"), "the login greets when there is no name");
        assertEquals(1, service.count("SELECT COUNT(*) FROM identity WHERE provider_user_id = '583233' AND email IS NULL"));
    }

    @Test
    void a_refused_code_ends_in_error_not_a_crash() {
        github.on("/login/oauth/access_token", r -> status(401, "{\"error\":\"bad_verification_code\"}"));
        String op = person.returnWithCode("github", "stale");
        person.awaitError(op, "provider_refused");
        assertEquals("provider_refused", service.reasonOf(op));
    }

    private String login() {
        String op = person.returnWithCode("github", "2b7c4f1d0e");
        person.awaitOk(op);
        return op;
    }
}
