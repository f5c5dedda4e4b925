package dev.oauthpreloader.support;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The service for one test class: started before its first test with the configuration the class
 * declares, stopped after its last, together with the fake providers it was configured with.
 * Register it on a static field, so that the configuration is read where the tests are:
 *
 * <pre>{@code
 * static final FakeProvider provider = new FakeProvider();
 * @RegisterExtension
 * static final ServiceExtension service = ServiceExtension.with(provider.env("mock"))
 *         .env("LOGIN_DEADLINE_SECONDS", "4")
 *         .closing(provider);
 * }</pre>
 */
public final class ServiceExtension implements ServiceUnderTest, BeforeAllCallback, AfterAllCallback, AfterEachCallback {

    private final Map<String, String> env = new HashMap<>();
    private final List<AutoCloseable> closing = new ArrayList<>();
    private Duration nothingPendingWithin;
    private RunningService running;

    private ServiceExtension(Map<String, String> env) {
        this.env.putAll(env);
    }

    /** The embedded default (the simulator, SQLite), with {@code env} on top. */
    public static ServiceExtension with(Map<String, String> env) {
        return new ServiceExtension(env);
    }

    public static ServiceExtension embeddedDefault() {
        return new ServiceExtension(Map.of());
    }

    public ServiceExtension env(String name, String value) {
        env.put(name, value);
        return this;
    }

    public ServiceExtension env(Map<String, String> more) {
        env.putAll(more);
        return this;
    }

    /** Closes these (fake providers, a log capture) after the service has stopped. */
    public ServiceExtension closing(AutoCloseable... resources) {
        closing.addAll(List.of(resources));
        return this;
    }

    /**
     * After every test, the operations it started must all have ended within {@code limit}; the
     * test that left one pending fails, and says so.
     */
    public ServiceExtension nothingPendingAfterEachTestWithin(Duration limit) {
        this.nothingPendingWithin = limit;
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        running = RunningService.start(env);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (nothingPendingWithin == null || running == null) return;
        await("every operation of " + context.getDisplayName() + " to end ok or error")
                .atMost(nothingPendingWithin).pollInterval(Duration.ofMillis(50))
                .until(this::pendingCount, pending -> pending == 0);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        Exception first = null;
        List<AutoCloseable> all = new ArrayList<>();
        if (running != null) all.add(running);
        all.addAll(closing);
        for (AutoCloseable resource : all) {
            try {
                resource.close();
            } catch (Exception e) {
                if (first == null) first = e;
            }
        }
        running = null;
        if (first != null) throw first;
    }

    /** The running service; RunningService's own helpers, for code that takes one. */
    public RunningService running() {
        if (running == null) throw new IllegalStateException("the service is not running: register ServiceExtension on a static field");
        return running;
    }

    @Override
    public String baseUrl() {
        return running().baseUrl;
    }

    @Override
    public Jdbi db() {
        return running().db();
    }
}
