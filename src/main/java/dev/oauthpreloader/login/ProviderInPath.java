package dev.oauthpreloader.login;

import dev.oauthpreloader.provider.LoginProvider;
import dev.oauthpreloader.provider.ProviderRegistry;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;

/** The configured provider a route's {provider} names, or the 404 page that says there is none. */
final class ProviderInPath {

    private ProviderInPath() {
    }

    static LoginProvider of(ProviderRegistry providers, Context ctx) {
        String name = ctx.pathParam("provider");
        return providers.find(name).orElseThrow(() -> new NotFoundResponse(
                "There is no login provider called '" + (name.length() > 40 ? name.substring(0, 40) + "…" : name) + "'."));
    }
}
