package dev.oauthpreloader;

import dev.oauthpreloader.config.Env;
import dev.oauthpreloader.config.ExchangeConfig;
import dev.oauthpreloader.config.ServerConfig;
import dev.oauthpreloader.admin.OpsSettings;
import dev.oauthpreloader.forwardauth.ForwardAuthSettings;
import dev.oauthpreloader.provider.ProvidersConfig;
import dev.oauthpreloader.token.TokenSettings;
import dev.oauthpreloader.web.ClientAddress;
import dev.oauthpreloader.web.RateLimits;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The service's configuration in parts; each component is given only its own part. Every variable
 * is documented once, in docs/configuration.md; ConfigDocumentationTest fails when that page and
 * what the code reads disagree.
 */
public record Config(ServerConfig server, ExchangeConfig exchange, ProvidersConfig providers, OpsSettings admin,
                     RateLimits limits, ForwardAuthSettings forwardAuth, TokenSettings tokens) {

    public static Config fromEnvironment(Map<String, String> variables) {
        return read(new Env(variables));
    }

    public static Config read(Env env) {
        ServerConfig server = ServerConfig.read(env);
        return new Config(server, ExchangeConfig.read(env), ProvidersConfig.read(env, server),
                new OpsSettings(env.read("ADMIN_EMAILS", "", OpsSettings::parseAdminEmails),
                        env.read("METRICS_TOKEN", "", OpsSettings::parseMetricsToken)),
                new RateLimits(
                        env.read("LOGIN_RATE_LIMIT", String.valueOf(RateLimits.DEFAULT_LOGIN_PER_MINUTE), Env.intBetween(0, 1_000_000)),
                        env.read("STATUS_RATE_LIMIT", String.valueOf(RateLimits.DEFAULT_STATUS_PER_MINUTE), Env.intBetween(0, 1_000_000)),
                        env.read("TRUSTED_PROXY", "", Config::ipAddresses)),
                ForwardAuthSettings.read(env),
                TokenSettings.read(env, server));
    }

    private static Set<String> ipAddresses(String value) {
        Set<String> addresses = new LinkedHashSet<>();
        for (String raw : value.split(",")) {
            if (raw.isBlank()) continue;
            addresses.add(ClientAddress.ipLiteral(raw.trim()).orElseThrow(() ->
                    new IllegalArgumentException("must be a comma-separated list of IP addresses, such as 10.0.0.5")));
        }
        return Set.copyOf(addresses);
    }
}
