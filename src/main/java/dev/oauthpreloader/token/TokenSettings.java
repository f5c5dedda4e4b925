package dev.oauthpreloader.token;

import dev.oauthpreloader.config.ConfigException;
import dev.oauthpreloader.config.Env;
import dev.oauthpreloader.config.ServerConfig;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How provider tokens are kept and refreshed.
 *
 * @param keys          TOKEN_KEYS: the sealing keys; null when they come from {@code keyFile}
 * @param keyFile       with SQLite and no TOKEN_KEYS: the key file beside the database, created on first start
 * @param refreshBefore TOKEN_REFRESH_BEFORE_SECONDS: a token this close to its expiry is refreshed
 * @param refreshConcurrency TOKEN_REFRESH_CONCURRENCY: at most this many refreshes talk to providers at once
 * @param checkEvery    TOKEN_REFRESH_CHECK_SECONDS: the pause between two looks for tokens due a refresh
 */
public record TokenSettings(TokenKeys keys, Path keyFile, Duration refreshBefore, int refreshConcurrency, Duration checkEvery) {

    public static final String KEY_FILE_NAME = "token-keys";

    public static TokenSettings read(Env env, ServerConfig server) {
        TokenKeys keys = env.read("TOKEN_KEYS", "", v -> v.isEmpty() ? null : TokenKeys.parse(v));
        Path keyFile = null;
        if (keys == null) {
            keyFile = sqliteDirectory(server.databaseUrl());
            if (keyFile == null) {
                // A shared database means several nodes: each must be given the same keys, not make its own.
                throw new ConfigException("TOKEN_KEYS must be set when DATABASE_URL is not a SQLite file"
                        + " (make one with: echo \"k1:$(openssl rand -base64 32)\")");
            }
            keyFile = keyFile.resolve(KEY_FILE_NAME);
        }
        return new TokenSettings(keys, keyFile,
                env.read("TOKEN_REFRESH_BEFORE_SECONDS", "300", v -> Duration.ofSeconds(Env.intBetween(10, 86_400).apply(v))),
                env.read("TOKEN_REFRESH_CONCURRENCY", "4", Env.intBetween(1, 64)),
                env.read("TOKEN_REFRESH_CHECK_SECONDS", "30", v -> Duration.ofSeconds(Env.intBetween(1, 3600).apply(v))));
    }

    /** The keys, reading (and on first start creating) the key file when TOKEN_KEYS is not set. */
    public TokenKeys loadKeys() {
        return keys != null ? keys : TokenKeys.fromFile(keyFile);
    }

    private static Path sqliteDirectory(String jdbcUrl) {
        if (!jdbcUrl.startsWith("jdbc:sqlite:")) return null;
        String file = jdbcUrl.substring("jdbc:sqlite:".length());
        int query = file.indexOf('?');
        if (query >= 0) file = file.substring(0, query);
        if (file.isEmpty() || file.startsWith(":memory:") || file.startsWith("file:")) return null;
        Path parent = Path.of(file).getParent();
        return parent == null ? Path.of(".") : parent;
    }
}
