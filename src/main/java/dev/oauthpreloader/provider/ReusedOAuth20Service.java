package dev.oauthpreloader.provider;

import com.github.scribejava.core.oauth.OAuth20Service;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.pac4j.core.client.IndirectClient;
import org.pac4j.core.context.WebContext;
import org.pac4j.oauth.config.OAuth20Configuration;

/**
 * One ScribeJava service per client and callback URL, built on first use. pac4j builds a new one
 * for every call, and ScribeJava then looks its HTTP client up through a ServiceLoader, which cost
 * about 6% of the service's CPU in the benchmark. A service holds only settings, so it can be shared.
 */
final class ReusedOAuth20Service {

    private final OAuth20Configuration configuration;
    private final IndirectClient client;
    private final Map<String, OAuth20Service> byCallbackUrl = new ConcurrentHashMap<>();

    ReusedOAuth20Service(OAuth20Configuration configuration, IndirectClient client) {
        this.configuration = configuration;
        this.client = client;
    }

    OAuth20Service get(WebContext context) {
        return byCallbackUrl.computeIfAbsent(client.computeFinalCallbackUrl(context),
                url -> (OAuth20Service) configuration.buildService(context, client));
    }

    OAuth20Configuration configuration() {
        return configuration;
    }
}
