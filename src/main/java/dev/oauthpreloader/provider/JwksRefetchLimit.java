package dev.oauthpreloader.provider;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSetSourceWrapper;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.SecurityContext;

/**
 * A provider's JWKS refetched at most once per interval, so that id_tokens naming made-up key ids cannot make
 * us hammer the provider: nimbus's own {@code RateLimitedJWKSetSource} allows two fetches per interval.
 * The first fetch that succeeds is free, so a key rotated soon after start-up is still fetched at once.
 * Sits below nimbus's cache, which serves known keys without asking; a refused fetch is a
 * {@link RateLimitReachedException}, and the id_token that asked is refused.
 */
final class JwksRefetchLimit extends JWKSetSourceWrapper<SecurityContext> {

    private final long intervalMillis;
    private long nextFetchAt = Long.MIN_VALUE;
    private boolean loaded;

    JwksRefetchLimit(JWKSetSource<SecurityContext> source, long intervalMillis) {
        super(source);
        this.intervalMillis = intervalMillis;
    }

    @Override
    public JWKSet getJWKSet(JWKSetCacheRefreshEvaluator refreshEvaluator, long currentTime, SecurityContext context)
            throws KeySourceException {
        synchronized (this) {
            if (currentTime < nextFetchAt) throw new RateLimitReachedException();
            if (loaded) nextFetchAt = currentTime + intervalMillis;
        }
        JWKSet keys = getSource().getJWKSet(refreshEvaluator, currentTime, context);
        synchronized (this) {
            loaded = true;
        }
        return keys;
    }
}
