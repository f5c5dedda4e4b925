package dev.oauthpreloader.forwardauth;

import dev.oauthpreloader.config.Env;
import dev.oauthpreloader.login.RedirectHosts;

/**
 * Forward-auth for reverse proxies (docs/reverse-proxy.md).
 *
 * @param redirectHosts   ALLOWED_REDIRECT_HOSTS: the hosts, besides BASE_URL's, a login may return to by absolute URL
 * @param passAccessToken FORWARD_AUTH_PASS_ACCESS_TOKEN: /auth also answers with the provider's current access
 *                        token, as oauth2-proxy's --pass-access-token does; off by default, because every
 *                        application behind the proxy then holds a token that speaks for the person at the provider
 */
public record ForwardAuthSettings(RedirectHosts redirectHosts, boolean passAccessToken) {

    public static ForwardAuthSettings read(Env env) {
        return new ForwardAuthSettings(env.read("ALLOWED_REDIRECT_HOSTS", "", RedirectHosts::parse),
                env.read("FORWARD_AUTH_PASS_ACCESS_TOKEN", "false", Env::bool));
    }
}
