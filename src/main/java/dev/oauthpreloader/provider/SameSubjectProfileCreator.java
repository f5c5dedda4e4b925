package dev.oauthpreloader.provider;

import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import dev.oauthpreloader.operation.ExchangeFailure;
import dev.oauthpreloader.operation.FailureReason;
import java.io.IOException;
import java.net.URI;
import java.util.Objects;
import org.pac4j.core.profile.UserProfile;
import org.pac4j.oidc.client.OidcClient;
import org.pac4j.oidc.config.OidcConfiguration;
import org.pac4j.oidc.exceptions.UserInfoErrorResponseException;
import org.pac4j.oidc.profile.creator.OidcProfileCreator;

/**
 * pac4j-oidc's profile, from the id_token and then userinfo, where userinfo must be about the same person:
 * its {@code sub} must equal the id_token's (OpenID Connect Core 1.0, section 5.3.2). pac4j adds userinfo's
 * claims to the id_token's subject whatever sub they carry, so a mismatched answer would lend its email to
 * the wrong identity.
 */
final class SameSubjectProfileCreator extends OidcProfileCreator {

    SameSubjectProfileCreator(OidcConfiguration configuration, OidcClient client) {
        super(configuration, client);
    }

    @Override
    public void callUserInfoEndpoint(URI userInfoEndpointUri, AccessToken accessToken, UserProfile profile)
            throws IOException, ParseException, java.text.ParseException, UserInfoErrorResponseException {
        // Read into a profile of its own first: its id is userinfo's sub, its attributes are added only once it matches.
        UserProfile userinfo = getProfileDefinition().newProfile();
        super.callUserInfoEndpoint(userInfoEndpointUri, accessToken, userinfo);
        if (profile.getId() == null || !Objects.equals(profile.getId(), userinfo.getId())) {
            throw new ExchangeFailure(FailureReason.INVALID_ID_TOKEN);
        }
        userinfo.getAttributes().forEach(profile::addAttribute);
    }
}
