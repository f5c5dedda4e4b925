package dev.oauthpreloader.provider;

import com.github.scribejava.core.httpclient.jdk.JDKHttpClientConfig;
import java.time.Duration;

/** HTTP settings for every call to a provider. ScribeJava sets no timeouts unless told to. */
final class ProviderHttp {

    private ProviderHttp() {
    }

    /**
     * The read timeout equals the login deadline: by then the reaper has already failed the
     * operation, and the worker thread must not stay blocked on a provider that never answers.
     */
    static JDKHttpClientConfig config(Duration connectTimeout, Duration readTimeout) {
        JDKHttpClientConfig config = JDKHttpClientConfig.defaultConfig();
        config.setConnectTimeout(Math.toIntExact(connectTimeout.toMillis()));
        config.setReadTimeout(Math.toIntExact(readTimeout.toMillis()));
        config.setFollowRedirects(false);
        return config;
    }
}
