package dev.oauthpreloader.login;

import dev.oauthpreloader.account.AccountStore;
import dev.oauthpreloader.provider.LoginProvider;
import dev.oauthpreloader.provider.ProviderRegistry;
import dev.oauthpreloader.web.Templates;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * GET /start?rd=…: where a reverse proxy sends a person its forward-auth check refused (401). The
 * return address is checked here already, so a bad one fails before any provider is involved. A
 * person who is logged in after all (the cookie reached us, not the application) goes straight
 * back; with one provider the login starts at once; with several, the chooser keeps rd= on every
 * button. Nothing is written to the session until a login starts.
 */
final class StartController {

    private final ProviderRegistry providers;
    private final ReturnPath returnPath;
    private final Templates templates;
    private final AccountStore accounts;

    StartController(ProviderRegistry providers, ReturnPath returnPath, Templates templates, AccountStore accounts) {
        this.providers = providers;
        this.accounts = accounts;
        this.returnPath = returnPath;
        this.templates = templates;
    }

    /** GET /start */
    void start(Context ctx) {
        String back = returnPath.parse(returnParameter(ctx));
        // The same test as /auth's, so that a session /auth refuses is never sent back to it in a loop.
        if (LoginSession.of(ctx).userId().flatMap(accounts::find).isPresent()) {
            ctx.redirect(back == null ? "/" : back);
            return;
        }
        String returnQuery = back == null ? "" : "?rd=" + URLEncoder.encode(back, StandardCharsets.UTF_8);
        List<LoginProvider> all = List.copyOf(providers.all());
        if (all.size() == 1) {
            ctx.redirect("/login/" + all.get(0).name() + returnQuery);
            return;
        }
        templates.page(ctx, "start.jte", Map.of("providers", all, "returnQuery", returnQuery));
    }

    /**
     * nginx cannot percent-encode {@code $request_uri}, so its redirect here writes rd= as it is:
     * an rd= that comes first and starts with http:// or https:// runs to the end of the query,
     * '&' and all. It is then checked like any other.
     */
    static String returnParameter(Context ctx) {
        String query = ctx.queryString();
        if (query != null && (query.startsWith("rd=http://") || query.startsWith("rd=https://"))) return query.substring(3);
        return LoginController.returnParameter(ctx);
    }
}
