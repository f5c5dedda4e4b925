package dev.oauthpreloader.simulator;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What one simulator instance is: who it says it is, which clients it serves, how long it may keep
 * anyone waiting, and the profile it starts with.
 *
 * @param issuer          the {@code iss} of its tokens and redirects; its endpoints are below it
 * @param clients         the registered clients
 * @param acceptAnyClient any client id, any secret, any http(s) redirect URI: for quick local tests only
 * @param maxDelay        the longest latency a login or profile may ask for
 * @param hangFor         how long a hang or trickle holds the connection before it is closed
 * @param profile         the profile applied to every login until changed at run time
 * @param keyFile         a PKCS#8 PEM private key to sign with (created if missing); null: a new key each start
 * @param keyGrace        how long a rotated-out key stays in the JWKS
 */
public record SimulatorSettings(
        String issuer,
        List<RegisteredClient> clients,
        boolean acceptAnyClient,
        Duration maxDelay,
        Duration hangFor,
        FaultProfile profile,
        Path keyFile,
        Duration keyGrace) {

    public static final Duration DEFAULT_KEY_GRACE = Duration.ofHours(1);

    public SimulatorSettings {
        clients = List.copyOf(clients);
    }

    /**
     * Inside the service: its own client registered with the demo credentials, no setup needed.
     * Delays stay below the login deadline, so a slow login can still succeed; a hang lasts just past
     * it, so the service sees a provider that never answered, and is then let go.
     */
    public static SimulatorSettings embedded(String baseUrl, Duration loginDeadline) {
        Duration margin = loginDeadline.compareTo(Duration.ofSeconds(2)) >= 0 ? Duration.ofSeconds(1) : loginDeadline.dividedBy(2);
        RegisteredClient service = new RegisteredClient(SimulatorRoutes.CLIENT_ID, SimulatorRoutes.CLIENT_SECRET,
                List.of(baseUrl + "/callback/" + SimulatorChoice.PROVIDER));
        return new SimulatorSettings(baseUrl + SimulatorRoutes.PATH, List.of(service), false,
                loginDeadline.minus(margin), loginDeadline.plusSeconds(1), FaultProfile.NONE, null, DEFAULT_KEY_GRACE);
    }

    Optional<RegisteredClient> client(String id) {
        if (id == null) return Optional.empty();
        return clients.stream().filter(c -> c.id().equals(id)).findFirst();
    }
}
