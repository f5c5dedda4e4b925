package dev.oauthpreloader.session;

import dev.oauthpreloader.storage.Database;
import io.javalin.Javalin;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.staticfiles.Location;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A tiny service that only keeps sessions, as one node: real Jetty on a free port, a real database
 * shared with other nodes, and a count of every statement it sends to browser_session.
 */
final class SessionNode implements AutoCloseable {

    final Database database;
    final StatementCounter statements = new StatementCounter();
    final Sessions sessions;
    final String baseUrl;
    private final Javalin app;
    /** Released by a test to let a request parked at /park/... go on. */
    volatile CountDownLatch gate = new CountDownLatch(0);
    /** Counted down when a parked request has loaded its session. */
    volatile CountDownLatch parked = new CountDownLatch(1);

    SessionNode(String databaseUrl, SessionSettings settings, TestClock clock) {
        this.database = Database.open(databaseUrl);
        database.jdbi().setSqlLogger(statements);
        this.sessions = new Sessions(database.jdbi(), settings, clock);
        this.app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.staticFiles.add(files -> {
                files.hostedPath = "/static";
                files.directory = "/static";
                files.location = Location.CLASSPATH;
            });
        });
        sessions.register(app);
        app.get("/health", ctx -> ctx.result("ok"));
        app.get("/read/{key}", ctx -> ctx.result(Sessions.of(ctx).get(ctx.pathParam("key")).orElse("-")));
        app.get("/read-two/{a}/{b}", ctx -> ctx.result(Sessions.of(ctx).get(ctx.pathParam("a")).orElse("-") + ","
                + Sessions.of(ctx).get(ctx.pathParam("b")).orElse("-")));
        app.post("/put/{key}/{value}", ctx -> Sessions.of(ctx).put(ctx.pathParam("key"), ctx.pathParam("value")));
        app.post("/remove/{key}", ctx -> Sessions.of(ctx).remove(ctx.pathParam("key")));
        app.post("/renew", ctx -> Sessions.of(ctx).renewId());
        app.post("/end", ctx -> Sessions.of(ctx).end());
        app.post("/fail-after-put/{key}/{value}", ctx -> {
            Sessions.of(ctx).put(ctx.pathParam("key"), ctx.pathParam("value"));
            throw new BadRequestResponse("refused after the change");
        });
        // Loads the session, waits for the test, then reads (no value) or writes one key.
        app.get("/park/read/{key}", ctx -> {
            Sessions.of(ctx).get(ctx.pathParam("key"));
            park();
            ctx.result(Sessions.of(ctx).get(ctx.pathParam("key")).orElse("-"));
        });
        app.post("/park/put/{key}/{value}", ctx -> {
            Sessions.of(ctx).get(ctx.pathParam("key"));
            park();
            Sessions.of(ctx).put(ctx.pathParam("key"), ctx.pathParam("value"));
        });
        app.start(0);
        this.baseUrl = "http://localhost:" + app.port();
    }

    private void park() throws InterruptedException {
        parked.countDown();
        if (!gate.await(20, TimeUnit.SECONDS)) throw new IllegalStateException("the test never opened the gate");
    }

    @Override
    public void close() {
        app.stop();
        database.close();
    }
}
