package dev.oauthpreloader.admin;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oauthpreloader.support.Browser;
import dev.oauthpreloader.support.LoginDriver;
import dev.oauthpreloader.support.Page;
import dev.oauthpreloader.support.ServiceUnderTest;

/** Logins the ops tests need: a simulated person logged in, or one exchange against the fake provider. */
final class Logins {

    private Logins() {
    }

    /** A browser logged in as simulator user {@code user} ({@code user@simulator.invalid}, verified). */
    static Browser asSimulatorUser(ServiceUnderTest service, String user) {
        LoginDriver person = service.newPerson();
        Page end = person.simulatorLoginToHome("user=" + user + "&auto=1");
        assertTrue(end.body().contains("id=\"greeting\""), end.body());
        return person.browser;
    }

    /** Runs one login against the fake provider configured as {@code provider} to its end; returns the operation's id. */
    static String throughProvider(LoginDriver person, String provider) {
        String op = person.returnWithCode(provider);
        person.awaitFinished(op);
        return op;
    }
}
