package dev.oauthpreloader.login;

import dev.oauthpreloader.account.Account;
import dev.oauthpreloader.account.Connection;
import dev.oauthpreloader.provider.LoginProvider;
import dev.oauthpreloader.provider.ProviderRegistry;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * What templates/account.jte shows a logged-in person: each connected provider with when it was last
 * used and what its kept token is worth, a Disconnect button where another provider would remain,
 * and a Connect button for each configured provider not yet connected.
 */
public record AccountPage(Account account, List<Row> connected, List<LoginProvider> connectable, String csrf) {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    /**
     * One connected provider.
     *
     * @param token       the token's state in words
     * @param tokenStatus its {@link dev.oauthpreloader.account.TokenStatus} code, lower case, for the page's id and class
     * @param freshData   whether "show what the provider says now" is offered: a configured provider
     *                    that has a profile to ask for (not Facebook or Twitter), and a token kept
     */
    public record Row(String name, String label, String lastUsed, String token, String tokenStatus, boolean freshData) {
    }

    static AccountPage of(Account account, List<Connection> connections, ProviderRegistry providers, String csrf, long now) {
        List<Row> rows = connections.stream().map(c -> row(c, providers, now)).toList();
        List<LoginProvider> connectable = providers.all().stream()
                .filter(p -> connections.stream().noneMatch(c -> c.provider().equals(p.name()))).toList();
        return new AccountPage(account, rows, connectable, csrf);
    }

    /** Disconnect is offered only where another provider would remain to log in with. */
    public boolean canDisconnect() {
        return connected.size() > 1;
    }

    private static Row row(Connection connection, ProviderRegistry providers, long now) {
        // A provider no longer configured is still listed, by name, so that it can be disconnected.
        String label = providers.find(connection.provider()).map(LoginProvider::label).orElse(connection.provider());
        String token = switch (connection.tokenStatus(now)) {
            case NOT_KEPT -> "No token kept";
            case NEEDS_LOGIN -> label + " refused to renew its token: it needs a new login";
            case EXPIRED -> "Token expired on " + WHEN.format(Instant.ofEpochMilli(connection.tokenExpiresAt()));
            case VALID -> "Token valid until " + WHEN.format(Instant.ofEpochMilli(connection.tokenExpiresAt()));
            case DOES_NOT_EXPIRE -> "Token does not expire";
        };
        boolean freshData = connection.tokenKept() && providers.find(connection.provider()).map(LoginProvider::offersFreshProfile).orElse(false);
        return new Row(connection.provider(), label, WHEN.format(Instant.ofEpochMilli(connection.lastUsedAt())), token,
                connection.tokenStatus(now).name().toLowerCase(Locale.ROOT).replace('_', '-'), freshData);
    }
}
