package dev.oauthpreloader;

import dev.oauthpreloader.account.AccountStore;
import dev.oauthpreloader.config.ConfigException;
import dev.oauthpreloader.config.ExchangeConfig;
import dev.oauthpreloader.config.ServerConfig;
import dev.oauthpreloader.exchange.ExchangeExecutor;
import dev.oauthpreloader.forwardauth.ForwardAuthController;
import dev.oauthpreloader.login.LoginRoutes;
import dev.oauthpreloader.operation.ChangeNoticeListener;
import dev.oauthpreloader.operation.ChangeNotices;
import dev.oauthpreloader.operation.FailureReason;
import dev.oauthpreloader.operation.NodeHeartbeat;
import dev.oauthpreloader.operation.OperationReaper;
import dev.oauthpreloader.operation.RetentionCleaner;
import dev.oauthpreloader.operation.OperationStore;
import dev.oauthpreloader.operation.StatusWatch;
import dev.oauthpreloader.admin.OpsRoutes;
import dev.oauthpreloader.provider.ProviderRegistry;
import dev.oauthpreloader.session.SessionSettings;
import dev.oauthpreloader.session.Sessions;
import dev.oauthpreloader.simulator.SimulatorRoutes;
import dev.oauthpreloader.simulator.SimulatorSettings;
import dev.oauthpreloader.simulator.StandaloneSimulator;
import dev.oauthpreloader.storage.Database;
import dev.oauthpreloader.token.FreshProfiles;
import dev.oauthpreloader.token.KeptTokens;
import dev.oauthpreloader.token.Sealer;
import dev.oauthpreloader.token.TokenRefresher;
import dev.oauthpreloader.token.TokenStore;
import dev.oauthpreloader.web.CanonicalHost;
import dev.oauthpreloader.web.ErrorPages;
import dev.oauthpreloader.web.Favicon;
import dev.oauthpreloader.web.MalformedRequestPage;
import dev.oauthpreloader.web.SecurityHeaders;
import dev.oauthpreloader.web.StaticAssets;
import dev.oauthpreloader.web.Templates;
import io.javalin.Javalin;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the service from a {@link Config}; {@link #main} reads the environment and starts it. */
public final class App {

    private static final Logger LOG = LoggerFactory.getLogger(App.class);
    static final Duration REAPER_PERIOD = Duration.ofMillis(500);
    static final Duration HEARTBEAT_PERIOD = Duration.ofSeconds(1);

    private App() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("simulator")) {
            StandaloneSimulator.main(args);
            return;
        }
        keepProviderConnectionsAlive();
        Config config;
        Javalin app;
        try {
            config = Config.fromEnvironment(System.getenv());
            app = create(config); // reads the token key file, whose problems are configuration errors too
        } catch (ConfigException e) {
            System.err.println("oauth-preloader: " + e.getMessage());
            System.exit(2);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(app::stop, "shutdown"));
        app.start(config.server().port());
        LOG.info("oauth-preloader listening on port {} of every interface ({} callback)", app.port(),
                config.exchange().synchronousCallback() ? "synchronous" : "async");
    }

    /**
     * The JDK's HTTP client, under ScribeJava and Nimbus, keeps at most 5 idle connections per
     * provider: with more exchanges at once than that, every token call beyond the fifth opens a
     * new connection, and against a real provider a new TLS handshake. Set before the first HTTP
     * call (the JDK reads it once); {@code -Dhttp.maxConnections} on the command line still wins.
     */
    private static void keepProviderConnectionsAlive() {
        if (System.getProperty("http.maxConnections") == null) System.setProperty("http.maxConnections", "256");
    }

    /** The whole service, unstarted: the caller chooses when and on which port to start it. */
    public static Javalin create(Config config) {
        Clock clock = Clock.systemUTC();
        ServerConfig server = config.server();
        ExchangeConfig exchange = config.exchange();
        Sealer sealer = new Sealer(config.tokens().loadKeys()); // first: a bad key file stops start-up before anything opens
        Database database = Database.open(server.databaseUrl());
        OperationStore operations = new OperationStore(database.jdbi(), server.nodeId());
        AccountStore accounts = new AccountStore(database.jdbi(), config.providers().emailTrusted());
        TokenStore tokens = new TokenStore(database.jdbi(), sealer);
        KeptTokens keptTokens = new KeptTokens(tokens, clock);
        Sessions sessions = new Sessions(database.jdbi(), SessionSettings.standard(server.isHttps(), server.sessionCookieDomain()), clock);
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(2, daemon("timer"));
        timer.setRemoveOnCancelPolicy(true); // a long poll that a change answered takes its timeout out of the queue
        StatusWatch watch = new StatusWatch(timer);
        if (database.isPostgres()) operations.announceChanges(ChangeNotices.POSTGRES);
        ChangeNoticeListener otherNodes = database.isPostgres() ? new ChangeNoticeListener(server.databaseUrl(), watch, operations) : null;
        ExchangeExecutor exchanges = new ExchangeExecutor(exchange.maxRunning(), exchange.maxWaiting());
        ProviderRegistry providers = new ProviderRegistry(config.providers(), server.baseUrl(),
                exchange.providerConnectTimeout(), exchange.loginDeadline());
        Templates templates = new Templates(server.templatesFromDirectory());
        TokenRefresher refresher = new TokenRefresher(tokens, providers, clock, config.tokens(),
                exchange.providerConnectTimeout().plus(exchange.loginDeadline()));
        // Its own thread: a cycle waits on providers, and must never delay the reaper or the heartbeat.
        ScheduledExecutorService refreshTimer = Executors.newSingleThreadScheduledExecutor(daemon("token-refresh-timer"));
        OpsRoutes ops = new OpsRoutes(config.admin(), server.nodeId(), exchange.loginDeadline(), database.jdbi(), exchanges, providers,
                config.providers().emailTrusted(), templates, clock);
        operations.observe(ops.metrics());
        LoginRoutes loginRoutes = new LoginRoutes(database.jdbi(), providers, operations, accounts, tokens,
                new FreshProfiles(database.jdbi(), tokens, refresher, sealer, operations, watch, clock), exchanges, watch, templates,
                clock, exchange.loginDeadline(), exchange.synchronousCallback(), server.baseUrl(), config.forwardAuth().redirectHosts());
        ForwardAuthController forwardAuth = new ForwardAuthController(database.jdbi(), config.forwardAuth(), keptTokens::currentAccessToken,
                config.providers().emailTrusted(), server.baseUrl());

        Javalin app = Javalin.create(javalin -> {
            javalin.showJavalinBanner = false;
            if (server.bindAddress() != null) javalin.jetty.defaultHost = server.bindAddress(); // else Jetty's wildcard: every interface
            javalin.staticFiles.add(StaticAssets::serve);
            // Every page is a few KB, which crosses the network in the same round trip whether compressed
            // or not, while gzip set up a new compressor for each one (5% of the service's CPU per login).
            // A reverse proxy may still compress (docs/deployment.md).
            javalin.http.disableCompression();
            javalin.jetty.modifyServer(jetty -> jetty.setErrorHandler(new MalformedRequestPage(templates)));
            javalin.events.serverStarted(() -> {
                // What this node's previous process left pending can never finish now: say so at once.
                List<String> orphans = operations.failOwnPending(FailureReason.INTERRUPTED, clock.millis());
                orphans.forEach(id -> LOG.info("op={} failed: left pending by a previous run", id));
                schedule(timer, new NodeHeartbeat(database.jdbi(), operations, watch, server.nodeId(), clock), Duration.ZERO, HEARTBEAT_PERIOD);
                schedule(timer, new OperationReaper(operations, watch, clock), REAPER_PERIOD, REAPER_PERIOD);
                schedule(refreshTimer, refresher, config.tokens().checkEvery(), config.tokens().checkEvery());
                schedule(timer, sessions::deleteExpired, Duration.ofMinutes(1), Duration.ofMinutes(10));
                // On a shared database another node may finish an operation this one's pages wait on.
                if (otherNodes != null) otherNodes.start();
                schedule(timer, new RetentionCleaner(operations, server.operationRetention(), clock),
                        Duration.ofMinutes(1), Duration.ofHours(1));
            });
            javalin.events.serverStopped(() -> {
                if (!exchanges.shutdown(server.shutdownGrace())) LOG.warn("exchanges still running at shutdown were stopped");
                List<String> interrupted = operations.failOwnPending(FailureReason.INTERRUPTED, clock.millis());
                interrupted.forEach(id -> LOG.info("op={} failed: interrupted by shutdown", id));
                interrupted.forEach(watch::changed);
                if (otherNodes != null) otherNodes.close();
                timer.shutdownNow();
                refreshTimer.shutdownNow();
                refresher.shutdown();
                database.close();
            });
        });
        app.before(new SecurityHeaders(server.isHttps(), providers::authorizationEndpoints)::apply);
        sessions.register(app);
        CanonicalHost.register(app, server.baseUrl(), templates);
        config.limits().register(app);
        ErrorPages.register(app, templates);
        Favicon.register(app);
        StaticAssets.register(app);
        loginRoutes.register(app);
        forwardAuth.register(app);
        ops.register(app);
        if (config.providers().simulatorEnabled() && config.providers().simulatorUrl() == null) {
            new SimulatorRoutes(SimulatorSettings.embedded(server.baseUrl(), exchange.loginDeadline()), database.jdbi(), templates, timer, clock)
                    .register(app);
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
