package dev.oauthpreloader;

import dev.oauthpreloader.account.AccountStore;
import dev.oauthpreloader.login.ExchangeExecutor;
import dev.oauthpreloader.login.LoginRoutes;
import dev.oauthpreloader.operation.FailureReason;
import dev.oauthpreloader.operation.OperationReaper;
import dev.oauthpreloader.operation.OperationStore;
import dev.oauthpreloader.operation.StatusWatch;
import dev.oauthpreloader.provider.ProviderRegistry;
import dev.oauthpreloader.simulator.SimulatorRoutes;
import dev.oauthpreloader.storage.Database;
import dev.oauthpreloader.web.ErrorPages;
import dev.oauthpreloader.web.SecurityHeaders;
import dev.oauthpreloader.web.Templates;
import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;
import jakarta.servlet.SessionTrackingMode;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.server.session.SessionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the service from a {@link Config}; {@link #main} reads the environment and starts it. */
public final class App {

    private static final Logger LOG = LoggerFactory.getLogger(App.class);
    /** How long a stopping service lets running exchanges finish before failing them. */
    static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(10);
    static final Duration REAPER_PERIOD = Duration.ofMillis(500);

    private App() {
    }

    public static void main(String[] args) {
        Config config;
        try {
            config = Config.fromEnvironment(System.getenv());
        } catch (Config.ConfigException e) {
            System.err.println("oauth-preloader: " + e.getMessage());
            System.exit(2);
            return;
        }
        Javalin app = create(config);
        Runtime.getRuntime().addShutdownHook(new Thread(app::stop, "shutdown"));
        app.start(config.port());
        LOG.info("oauth-preloader is ready at {}", config.baseUrl());
    }

    /** The whole service, unstarted: the caller chooses when and on which port to start it. */
    public static Javalin create(Config config) {
        Clock clock = Clock.systemUTC();
        Database database = Database.open(config.databaseUrl());
        OperationStore operations = new OperationStore(database.jdbi());
        AccountStore accounts = new AccountStore(database.jdbi());
        ScheduledExecutorService timer = Executors.newScheduledThreadPool(2, daemon("timer"));
        StatusWatch watch = new StatusWatch(timer);
        ExchangeExecutor exchanges = new ExchangeExecutor(config.exchangeThreads(), config.exchangeQueue());
        ProviderRegistry providers = new ProviderRegistry(config);
        Templates templates = new Templates("true".equalsIgnoreCase(System.getenv("JTE_DEV")));
        LoginRoutes loginRoutes = new LoginRoutes(providers, operations, accounts, exchanges, watch, templates,
                clock, config.loginDeadline());

        Javalin app = Javalin.create(javalin -> {
            javalin.showJavalinBanner = false;
            javalin.staticFiles.add(files -> {
                files.hostedPath = "/static";
                files.directory = "/static";
                files.location = Location.CLASSPATH;
            });
            javalin.jetty.modifyServletContextHandler(handler -> handler.setSessionHandler(sessionHandler(config)));
            javalin.events.serverStarted(() -> {
                // Whatever a previous process left pending can never finish now: say so at once.
                List<String> orphans = operations.failAllPending(FailureReason.INTERRUPTED, clock.millis());
                if (!orphans.isEmpty()) LOG.info("failed {} operations left pending by a previous run", orphans.size());
                timer.scheduleWithFixedDelay(new OperationReaper(operations, watch, clock),
                        REAPER_PERIOD.toMillis(), REAPER_PERIOD.toMillis(), TimeUnit.MILLISECONDS);
            });
            javalin.events.serverStopped(() -> {
                if (!exchanges.shutdown(SHUTDOWN_GRACE)) LOG.warn("exchanges still running at shutdown were stopped");
                List<String> interrupted = operations.failAllPending(FailureReason.INTERRUPTED, clock.millis());
                interrupted.forEach(watch::changed);
                timer.shutdownNow();
                database.close();
            });
        });
        app.before(SecurityHeaders::apply);
        ErrorPages.register(app, templates);
        loginRoutes.register(app);
        if (config.simulatorEnabled()) {
            new SimulatorRoutes(database.jdbi(), templates, config.baseUrl(), timer, clock).register(app);
        }
        return app;
    }

    private static SessionHandler sessionHandler(Config config) {
        SessionHandler sessions = new SessionHandler();
        sessions.setSessionCookie("preloader_session");
        sessions.setHttpOnly(true);
        sessions.setSameSite(HttpCookie.SameSite.LAX);
        sessions.setSecureRequestOnly(false);
        sessions.getSessionCookieConfig().setSecure(config.isHttps());
        sessions.setSessionTrackingModes(Set.of(SessionTrackingMode.COOKIE));
        sessions.setMaxInactiveInterval((int) Duration.ofHours(8).toSeconds());
        return sessions;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
