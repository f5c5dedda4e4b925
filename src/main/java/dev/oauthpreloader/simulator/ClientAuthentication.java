package dev.oauthpreloader.simulator;

import dev.oauthpreloader.crypto.Tokens;
import io.javalin.http.Context;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Who is calling the token endpoint: client_secret_basic (RFC 6749 section 2.3.1, the id and
 * secret form-encoded before base64) or client_secret_post, never both at once.
 */
final class ClientAuthentication {

    /** The outcome of one attempt: a client, or the error to answer with. */
    record Result(RegisteredClient client, SimulatorStats.Count counted, String error) {
    }

    private final SimulatorSettings settings;

    ClientAuthentication(SimulatorSettings settings) {
        this.settings = settings;
    }

    Result authenticate(Context ctx) {
        String header = ctx.header("Authorization");
        String id = ctx.formParam("client_id");
        String secret = ctx.formParam("client_secret");
        boolean basic = header != null && header.regionMatches(true, 0, "Basic ", 0, 6);
        if (basic) {
            if (secret != null) return refused("use one client authentication method, not Basic and client_secret together");
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return refused("the Basic credentials are not base64");
            }
            int colon = decoded.indexOf(':');
            if (colon < 0) return refused("the Basic credentials need client_id:client_secret");
            String basicId = URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
            if (id != null && !id.equals(basicId)) return refused("client_id differs from the Basic credentials");
            id = basicId;
            secret = URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
        }
        if (id == null || id.isEmpty()) return refused("the client did not authenticate (client_secret_basic or client_secret_post)");
        if (settings.acceptAnyClient()) {
            return new Result(new RegisteredClient(id, secret, java.util.List.of()),
                    basic ? SimulatorStats.Count.CLIENT_SECRET_BASIC : SimulatorStats.Count.CLIENT_SECRET_POST, null);
        }
        Optional<RegisteredClient> client = settings.client(id);
        if (client.isEmpty()) return new Result(null, SimulatorStats.Count.UNKNOWN_CLIENT, "unknown client");
        if (secret == null || !Tokens.constantTimeEquals(client.get().secret(), secret)) return refused("wrong client secret");
        return new Result(client.get(), basic ? SimulatorStats.Count.CLIENT_SECRET_BASIC : SimulatorStats.Count.CLIENT_SECRET_POST, null);
    }

    private static Result refused(String why) {
        return new Result(null, SimulatorStats.Count.BAD_CLIENT_AUTH, why);
    }
}
