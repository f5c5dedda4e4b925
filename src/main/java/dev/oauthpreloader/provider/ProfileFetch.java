package dev.oauthpreloader.provider;

import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.openid.connect.sdk.claims.UserInfo;
import dev.oauthpreloader.operation.ExchangeFailure;
import dev.oauthpreloader.operation.FailureReason;
import dev.oauthpreloader.operation.Stage;
import java.time.Duration;
import java.util.Map;
import org.pac4j.core.client.IndirectClient;
import org.pac4j.core.profile.CommonProfile;
import org.pac4j.core.profile.UserProfile;
import org.pac4j.oauth.client.OAuth20Client;
import org.pac4j.oauth.credentials.OAuth20Credentials;
import org.pac4j.oidc.client.OidcClient;

/**
 * The tutorial's {@code github.get('/user')}: the profile fetched again with a kept access token.
 * OAuth 2.0 clients go through their own profile reader (GitHub's includes /user/emails); OpenID
 * Connect providers answer at their userinfo endpoint.
 */
final class ProfileFetch {

    private ProfileFetch() {
    }

    static FreshProfile fetch(IndirectClient client, String accessToken, Duration connectTimeout, Duration readTimeout) {
        try {
            if (client instanceof OAuth20Client oauth2) return oauth2(oauth2, accessToken);
            if (client instanceof OidcClient oidc) return userinfo(oidc, accessToken, connectTimeout, readTimeout);
            throw new ExchangeFailure(FailureReason.INTERNAL);
        } catch (ExchangeFailure e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ExchangeFailure(FailureClassifier.classify(e, Stage.FETCHING_PROFILE), e);
        }
    }

    private static FreshProfile oauth2(OAuth20Client client, String accessToken) {
        DetachedCallContext context = new DetachedCallContext("/fresh/" + client.getName(), Map.of(), Map.of());
        OAuth20Credentials credentials = new OAuth20Credentials();
        credentials.setAccessToken(new OAuth20Credentials.OAuth20AccessToken(accessToken, "Bearer", null, null, null, ""));
        UserProfile profile = client.getUserProfile(context.callContext(), credentials)
                .orElseThrow(() -> new ExchangeFailure(FailureReason.MISSING_PROFILE));
        CommonProfile common = profile instanceof CommonProfile c ? c : new CommonProfile();
        Object verified = profile.getAttribute("email_verified");
        return new FreshProfile(profile.getId(), common.getDisplayName(), common.getUsername(), common.getFirstName(),
                common.getFamilyName(), common.getEmail(),
                verified == null ? null : Boolean.TRUE.equals(verified) || "true".equalsIgnoreCase(String.valueOf(verified)));
    }

    private static FreshProfile userinfo(OidcClient client, String accessToken, Duration connectTimeout, Duration readTimeout) {
        var endpoint = client.getConfiguration().getOpMetadataResolver().load().getUserInfoEndpointURI();
        if (endpoint == null) throw new ExchangeFailure(FailureReason.MISSING_PROFILE);
        HTTPRequest http = new UserInfoRequest(endpoint, new BearerAccessToken(accessToken)).toHTTPRequest();
        http.setConnectTimeout(Math.toIntExact(connectTimeout.toMillis()));
        http.setReadTimeout(Math.toIntExact(readTimeout.toMillis()));
        UserInfoResponse response;
        try {
            response = UserInfoResponse.parse(http.send());
        } catch (java.io.IOException e) {
            throw new ExchangeFailure(FailureClassifier.network(e));
        } catch (com.nimbusds.oauth2.sdk.ParseException e) {
            throw new ExchangeFailure(FailureReason.BAD_RESPONSE);
        }
        if (!response.indicatesSuccess()) throw new ExchangeFailure(FailureReason.PROVIDER_REFUSED);
        UserInfo info = response.toSuccessResponse().getUserInfo();
        return new FreshProfile(info.getSubject().getValue(), info.getName(), info.getPreferredUsername(),
                info.getGivenName(), info.getFamilyName(), info.getEmailAddress(), info.getEmailVerified());
    }
}
