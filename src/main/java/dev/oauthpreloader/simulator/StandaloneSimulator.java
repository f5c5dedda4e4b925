package dev.oauthpreloader.simulator;

import dev.oauthpreloader.storage.Database;
import dev.oauthpreloader.web.ErrorPages;
import dev.oauthpreloader.web.SecurityHeaders;
import dev.oauthpreloader.web.StaticAssets;
import dev.oauthpreloader.web.Templates;
import io.javalin.Javalin;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated provider on its own: {@code java -jar target/oauth-preloader.jar simulator}, with its
 * own port and database, and none of the login service. Any application can log in against it.
 */
public final class StandaloneSimulator {

    private static final Logger LOG = LoggerFactory.getLogger(StandaloneSimulator.class);

    private StandaloneSimulator() {
    }

    public static void main(String[] args) {
        SimulatorEnvironment env;
        try {
            env = SimulatorEnvironment.read(System.getenv());
        } catch (SimulatorEnvironment.SettingsException e) {
            System.err.println("oauth-preloader simulator: " + e.getMessage());
            System.exit(2);
            return;
        }
        Javalin app = create(env);
        Runtime.getRuntime().addShutdownHook(new Thread(app::stop, "shutdown"));
        app.start(env.port());
        LOG.info("simulated provider is ready: issuer {}, clients {}{}", env.settings().issuer(),
                env.settings().clients().stream().map(RegisteredClient::id).toList(),
                env.settings().acceptAnyClient() ? ", and any other client" : "");
    }

    /** The simulator alone, unstarted. */
    public static Javalin create(SimulatorEnvironment env) {
        return assemble(env, Clock.systemUTC()).app();
    }

    /** The server and its routes, for tests that move the clock or clean up at once. */
    record Assembled(Javalin app, SimulatorRoutes routes) {
    }

    static Assembled assemble(SimulatorEnvironment env, Clock clock) {
        Database database = Database.open(env.databaseUrl());
        ScheduledExecutorService timer = Executors.newScheduledThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "simulator-timer");
            thread.setDaemon(true);
            return thread;
        });
        Templates templates = new Templates("true".equalsIgnoreCase(System.getenv("JTE_DEV")));
        SimulatorRoutes routes = new SimulatorRoutes(env.settings(), database.jdbi(), templates, timer, clock);
        Javalin app = Javalin.create(javalin -> {
            javalin.showJavalinBanner = false;
            javalin.staticFiles.add(StaticAssets::serve);
            javalin.http.disableCompression(); // as the service's: small answers, gzip's set-up costs more than it saves
            javalin.events.serverStopped(() -> {
                timer.shutdownNow();
                database.close();
            });
        });
        app.before(new SecurityHeaders(env.settings().issuer().startsWith("https://"), java.util.List::of)::apply);
        ErrorPages.register(app, templates);
        StaticAssets.register(app);
        app.get("/", ctx -> ctx.json(Map.of("issuer", env.settings().issuer(),
                "discovery", env.settings().issuer() + "/.well-known/openid-configuration")));
        routes.register(app);
        return new Assembled(app, routes);
    }
}
