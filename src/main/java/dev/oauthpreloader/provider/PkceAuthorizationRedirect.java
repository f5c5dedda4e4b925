package dev.oauthpreloader.provider;

import com.github.scribejava.core.oauth.OAuth20Service;
import com.github.scribejava.core.pkce.PKCE;
import com.github.scribejava.core.pkce.PKCEService;
import java.util.Optional;
import org.pac4j.core.client.IndirectClient;
import org.pac4j.core.context.CallContext;
import org.pac4j.core.exception.http.RedirectionAction;
import org.pac4j.core.redirect.RedirectionActionBuilder;
import org.pac4j.core.util.HttpActionHelper;
import org.pac4j.oauth.config.OAuth20Configuration;

/**
 * Builds the authorization redirect with a fresh state and an S256 PKCE challenge (RFC 7636), and
 * keeps both in the session under the client's name. pac4j-oauth's own builder sends no PKCE and
 * sends state only when asked; this one always sends both.
 */
final class PkceAuthorizationRedirect implements RedirectionActionBuilder {

    private final IndirectClient client;
    private final ReusedOAuth20Service services;

    PkceAuthorizationRedirect(ReusedOAuth20Service services, IndirectClient client) {
        this.client = client;
        this.services = services;
    }

    @Override
    public Optional<RedirectionAction> getRedirectionAction(CallContext ctx) {
        OAuth20Configuration configuration = services.configuration();
        String state = configuration.getStateGenerator().generateValue(ctx);
        PKCE pkce = PKCEService.defaultInstance().generatePKCE();
        ctx.sessionStore().set(ctx.webContext(), client.getStateSessionAttributeName(), state);
        ctx.sessionStore().set(ctx.webContext(), client.getCodeVerifierSessionAttributeName(), pkce.getCodeVerifier());
        OAuth20Service service = services.get(ctx.webContext());
        String url = service.createAuthorizationUrlBuilder()
                .state(state).pkce(pkce).additionalParams(configuration.getCustomParams()).build();
        return Optional.of(HttpActionHelper.buildRedirectUrlAction(ctx.webContext(), url));
    }
}
