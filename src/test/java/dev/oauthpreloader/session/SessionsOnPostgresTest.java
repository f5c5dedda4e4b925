package dev.oauthpreloader.session;

import dev.oauthpreloader.support.PostgresServer;
import java.nio.file.Path;

/** Sessions on the shared database of several nodes: a throwaway PostgreSQL server of this test run. */
class SessionsOnPostgresTest extends SessionBehaviour {

    @Override
    String newDatabase(Path directory) {
        return PostgresServer.shared().newDatabase();
    }
}
