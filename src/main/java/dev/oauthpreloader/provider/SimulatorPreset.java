package dev.oauthpreloader.provider;

import dev.oauthpreloader.config.Env;
import dev.oauthpreloader.simulator.SimulatorChoice;
import dev.oauthpreloader.simulator.SimulatorRoutes;
import java.time.Duration;
import org.pac4j.core.client.IndirectClient;

/**
 * The built-in simulated provider, configured like any generic OAuth 2.0 provider so that the demo
 * exercises exactly the client code a real provider would. Its quirk: the tester's choices for one
 * login (who, how slow, what fails) ride along on the authorization URL.
 */
final class SimulatorPreset implements ProviderPreset {

    private final OAuth2Preset oauth2;

    /**
     * @param issuer     the embedded simulator's ({@code BASE_URL/simulator}) or a standalone one's. The
     *                   button speaks plain OAuth 2.0, so it asks for no {@code openid} scope (and no id_token)
     * @param trustEmail SIMULATOR_TRUST_EMAIL, on by default: its addresses all end in {@code @simulator.invalid},
     *                   a domain no real mailbox has, so believing it can only link simulated people to each other
     */
    SimulatorPreset(String issuer, boolean trustEmail) {
        this.oauth2 = new OAuth2Preset(SimulatorChoice.PROVIDER, "Simulated provider",
                SimulatorRoutes.CLIENT_ID, SimulatorRoutes.CLIENT_SECRET,
                issuer + "/authorize", issuer + "/token", issuer + "/userinfo", "profile email",
                false, OAuth2Preset.ProfileFields.OPENID, issuer, trustEmail);
    }

    static SimulatorPreset read(Env env, String issuer) {
        return new SimulatorPreset(issuer, env.read("SIMULATOR_TRUST_EMAIL", "true", Env::bool));
    }

    @Override
    public boolean trustEmail() {
        return oauth2.trustEmail();
    }

    @Override
    public String name() {
        return oauth2.name();
    }

    @Override
    public String label() {
        return oauth2.label();
    }

    @Override
    public IndirectClient newClient(Duration connectTimeout, Duration readTimeout) {
        return oauth2.newClient(connectTimeout, readTimeout);
    }

    @Override
    public String authorizationEndpoint() {
        return oauth2.authorizationEndpoint();
    }

    @Override
    public String issuer() {
        return oauth2.issuer();
    }

    @Override
    public Pac4jProvider.RedirectHook redirectHook() {
        return (location, loginParameter) -> SimulatorChoice.parse(loginParameter).appendTo(location);
    }
}
