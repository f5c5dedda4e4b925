package dev.oauthpreloader.session;

import java.nio.file.Path;

/** Sessions on the embedded default: two nodes on one SQLite file. */
class SessionsOnSqliteTest extends SessionBehaviour {

    @Override
    String newDatabase(Path directory) {
        return "jdbc:sqlite:" + directory.resolve("sessions.db");
    }
}
