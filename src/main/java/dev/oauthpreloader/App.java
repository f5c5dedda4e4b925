package dev.oauthpreloader;

import dev.oauthpreloader.account.AccountStore;
import dev.oauthpreloader.exchange.ExchangeExecutor;
import dev.oauthpreloader.login.LoginRoutes;
import dev.oauthpreloader.operation.FailureReason;
import dev.oauthpreloader.operation.NodeHeartbeat;
import dev.oauthpreloader.operation.OperationReaper;
import dev.oauthpreloader.operation.RetentionCleaner;
import dev.oauthpreloader.operation.OperationStore;
import dev.oauthpreloader.operation.StatusWatch;
import dev.oauthpreloader.ops.OpsRoutes;
import dev.oauthpreloader.provider.ProviderRegistry;
import dev.oauthpreloader.session.SessionSettings;
import dev.oauthpreloader.session.Sessions;
import dev.oauthpreloader.simulator.SimulatorRoutes;
import dev.oauthpreloader.storage.Database;
import dev.oauthpreloader.web.ErrorPages;
import dev.oauthpreloader.web.MalformedRequestPage;
import dev.oauthpreloader.web.SecurityHeaders;
import dev.oauthpreloader.web.Templates;
import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the service from a {@link Config}; {@link #main} reads the environment and starts it. */
public final class App {

    private static final Logger LOG = LoggerFactory.getLogger(App.class);
    static final Duration REAPER_PERIOD = Duration.ofMillis(500);
    static final Duration HEARTBEAT_PERIOD = Duration.ofSeconds(1);
    static final Duration OTHER_NODES_PERIOD = Duration.ofMillis(250);

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
        LOG.info("oauth-preloader is ready at {} ({} callback)", config.baseUrl(),
                config.synchronousCallback() ? "synchronous" : "async");
    }

    /** The whole service, unstarted: the caller chooses when and on which port to start it. */
    public static Javalin create(Config config) {
        Clock clock = Clock.systemUTC();
        Database database = Database.open(config.databaseUrl());
        OperationStore operations = new OperationStore(database.jdbi(), config.nodeId());
        AccountStore accounts = new AccountStore(database.jdbi());
        Sessions sessions = new Sessions(database.jdbi(), SessionSettings.standard(config.isHttps()), clock);
        ScheduledExecutorService timer = Executors.newScheduledThreadPool(2, daemon("timer"));
        StatusWatch watch = new StatusWatch(timer);
        ExchangeExecutor exchanges = new ExchangeExecutor(config.exchangeThreads(), config.exchangeQueue());
        ProviderRegistry providers = new ProviderRegistry(config);
        Templates templates = new Templates("true".equalsIgnoreCase(System.getenv("JTE_DEV")));
        OpsRoutes ops = new OpsRoutes(config, database.jdbi(), exchanges, providers, templates, clock);
        operations.observe(ops.metrics());
        LoginRoutes loginRoutes = new LoginRoutes(providers, operations, accounts, exchanges, watch, templates,
                clock, config.loginDeadline(), config.synchronousCallback());

        Javalin app = Javalin.create(javalin -> {
            javalin.showJavalinBanner = false;
            javalin.staticFiles.add(files -> {
                files.hostedPath = "/static";
                files.directory = "/static";
                files.location = Location.CLASSPATH;
            });
            javalin.jetty.modifyServer(server -> server.setErrorHandler(new MalformedRequestPage(templates)));
            javalin.events.serverStarted(() -> {
                // What this node's previous process left pending can never finish now: say so at once.
                List<String> orphans = operations.failOwnPending(FailureReason.INTERRUPTED, clock.millis());
                orphans.forEach(id -> LOG.info("op={} failed: left pending by a previous run", id));
                schedule(timer, new NodeHeartbeat(database.jdbi(), operations, watch, config.nodeId(), clock), Duration.ZERO, HEARTBEAT_PERIOD);
                schedule(timer, new OperationReaper(operations, watch, clock), REAPER_PERIOD, REAPER_PERIOD);
                // On a shared database another node may finish an operation this one's pages wait on.
                if (database.isPostgres()) watch.watchOtherNodes(operations, OTHER_NODES_PERIOD);
                schedule(timer, sessions::deleteExpired, Duration.ofMinutes(1), Duration.ofMinutes(10));
                schedule(timer, new RetentionCleaner(database.jdbi(), operations, config.operationRetention(), clock),
                        Duration.ofMinutes(1), Duration.ofHours(1));
            });
            javalin.events.serverStopped(() -> {
                if (!exchanges.shutdown(config.shutdownGrace())) LOG.warn("exchanges still running at shutdown were stopped");
                List<String> interrupted = operations.failOwnPending(FailureReason.INTERRUPTED, clock.millis());
                interrupted.forEach(id -> LOG.info("op={} failed: interrupted by shutdown", id));
                interrupted.forEach(watch::changed);
                timer.shutdownNow();
                database.close();
            });
        });
        app.before(SecurityHeaders::apply);
        sessions.register(app);
        config.rateLimits().register(app);
        ErrorPages.register(app, templates);
        loginRoutes.register(app);
        ops.register(app);
        if (config.simulatorEnabled()) {
            new SimulatorRoutes(database.jdbi(), templates, config.baseUrl(), timer, clock).register(app);
        }
        return app;
    }

    private static void schedule(ScheduledExecutorService timer, Runnable task, Duration initialDelay, Duration period) {
        timer.scheduleWithFixedDelay(task, initialDelay.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
