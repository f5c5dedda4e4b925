package dev.oauthpreloader.account;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.oauthpreloader.support.ServiceExtension;
import dev.oauthpreloader.support.VirtualUser;
import dev.oauthpreloader.support.VirtualUser.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The worker saves a login's account, tokens and outcome in one transaction. Two first logins of
 * one person at once race for the identity's unique key (on PostgreSQL; SQLite's one writer makes
 * them wait in turn): the loser's transaction is rolled back and saved again, and joins the winner's
 * account. Nothing of the loser's first attempt may stay behind.
 */
class SimultaneousFirstLoginTest {

    static final int PEOPLE = 15;

    @RegisterExtension
    static final ServiceExtension service = ServiceExtension.embeddedDefault();

    @Test
    void two_first_logins_of_one_person_at_once_both_log_in_to_one_account_with_one_identity_and_one_token() throws Exception {
        OkHttpClient http = VirtualUser.sharedClient(2 * PEOPLE);
        ExecutorService browsers = Executors.newFixedThreadPool(2 * PEOPLE);
        try {
            List<Future<VirtualUser.Result>> logins = new ArrayList<>();
            for (int i = 0; i < 2 * PEOPLE; i++) {
                String person = "twin" + (i / 2);
                // The same provider delay for both: their exchanges finish together and save together.
                logins.add(browsers.submit(() -> new VirtualUser(http, service.baseUrl(), Duration.ZERO).login(person, 300, "ok")));
            }
            for (Future<VirtualUser.Result> login : logins) assertEquals(Outcome.LOGGED_IN, login.get().outcome(), login.get().reason());
        } finally {
            browsers.shutdownNow();
        }
        String twins = " WHERE email LIKE 'twin%@simulator.invalid'";
        assertEquals(PEOPLE, service.count("SELECT COUNT(*) FROM user_profile" + twins), "one account per person, none left over");
        assertEquals(PEOPLE, service.count("SELECT COUNT(*) FROM identity" + twins));
        assertEquals(PEOPLE, service.count("SELECT COUNT(*) FROM identity_token t JOIN identity i ON i.id = t.identity_id" + twins.replace("email", "i.email")));
        assertEquals(2 * PEOPLE, service.count("SELECT COUNT(*) FROM async_operation a JOIN user_profile u ON u.id = a.user_profile_id"
                + twins.replace("email", "u.email") + " AND a.async_operation_status_id = 2"));
    }
}
