package dev.oauthpreloader.provider;

import dev.oauthpreloader.config.ConfigException;
import dev.oauthpreloader.config.Env;
import dev.oauthpreloader.config.ServerConfig;
import dev.oauthpreloader.simulator.SimulatorChoice;
import dev.oauthpreloader.simulator.SimulatorRoutes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.regex.Pattern;

/**
 * Every provider the environment configures, in the order their buttons appear. Each preset reads
 * its own variables; this only decides which presets exist.
 *
 * @param simulatorEnabled SIMULATOR_ENABLED: on by default only while BASE_URL is a loopback address,
 *                         because the simulator logs anyone in as anyone
 * @param simulatorUrl     SIMULATOR_URL: the issuer of a simulator running elsewhere (the standalone one),
 *                         which the simulated provider's button then uses instead of the embedded one; null: embedded
 */
public record ProvidersConfig(boolean simulatorEnabled, String simulatorUrl, List<ProviderPreset> presets) {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,31}");
    /** Names of the built-in providers, which configured generic providers may not take. */
    private static final List<String> RESERVED = List.of(SimulatorChoice.PROVIDER, OidcPreset.GOOGLE,
            GitHubPreset.NAME, FacebookPreset.NAME, TwitterPreset.NAME);

    public static ProvidersConfig read(Env env, ServerConfig server) {
        boolean simulator = env.read("SIMULATOR_ENABLED", String.valueOf(server.isLoopback()), Env::bool);
        String simulatorUrl = env.read("SIMULATOR_URL", "", v -> v.isEmpty() ? null : Env.baseEndpointUrl(v));
        List<ProviderPreset> presets = new ArrayList<>();
        if (simulator) presets.add(SimulatorPreset.read(env, simulatorUrl != null ? simulatorUrl : server.baseUrl() + SimulatorRoutes.PATH));
        List<String> oauth2Names = env.read("OAUTH2_PROVIDERS", "", ProvidersConfig::names);
        for (String name : oauth2Names) presets.add(OAuth2Preset.read(env, name));
        if (env.anySet("GOOGLE_CLIENT_ID", "GOOGLE_CLIENT_SECRET")) presets.add(OidcPreset.google(env));
        for (String name : env.read("OIDC_PROVIDERS", "", ProvidersConfig::names)) {
            if (oauth2Names.contains(name)) {
                throw new ConfigException("OIDC_PROVIDERS names '" + name + "', which OAUTH2_PROVIDERS already uses");
            }
            presets.add(OidcPreset.read(env, name));
        }
        Optional.ofNullable(GitHubPreset.read(env)).ifPresent(presets::add);
        Optional.ofNullable(FacebookPreset.read(env)).ifPresent(presets::add);
        Optional.ofNullable(TwitterPreset.read(env)).ifPresent(presets::add);
        return new ProvidersConfig(simulator, simulatorUrl, List.copyOf(presets));
    }

    public Optional<ProviderPreset> find(String name) {
        return presets.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    public List<String> names() {
        return presets.stream().map(ProviderPreset::name).toList();
    }

    /** The providers whose word that an address is verified is believed ({@link ProviderPreset#trustEmail}). */
    public Set<String> emailTrusted() {
        return presets.stream().filter(ProviderPreset::trustEmail).map(ProviderPreset::name).collect(Collectors.toUnmodifiableSet());
    }

    private static List<String> names(String value) {
        List<String> names = new ArrayList<>();
        for (String raw : value.split(",")) {
            String name = raw.trim();
            if (name.isEmpty()) continue;
            if (!NAME.matcher(name).matches() || RESERVED.contains(name) || names.contains(name)) {
                throw new IllegalArgumentException("must list distinct provider names of lowercase letters, digits and dashes, other than "
                        + String.join(", ", RESERVED));
            }
            names.add(name);
        }
        return names;
    }
}
