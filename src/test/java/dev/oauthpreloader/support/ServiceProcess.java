package dev.oauthpreloader.support;

import static org.awaitility.Awaitility.await;

import dev.oauthpreloader.App;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The service as a separate JVM, for tests that kill it (-9) or stop it (SIGTERM) and start it again,
 * or the standalone simulator, for the benchmark's provider in a process of its own.
 */
public final class ServiceProcess {

    private final Map<String, String> env;
    private final Path log;
    private final String javaHome;
    private final boolean simulator;
    private Process process;

    public ServiceProcess(Map<String, String> env, Path log) {
        this(env, log, System.getProperty("java.home"));
    }

    /** @param javaHome the runtime to run the service on (the benchmark may pick a newer one) */
    public ServiceProcess(Map<String, String> env, Path log, String javaHome) {
        this(env, log, javaHome, false);
    }

    private ServiceProcess(Map<String, String> env, Path log, String javaHome, boolean simulator) {
        this.env = env;
        this.log = log;
        this.javaHome = javaHome;
        this.simulator = simulator;
    }

    /** {@code java -jar oauth-preloader.jar simulator}: the standalone simulator, on SIMULATOR_PORT. */
    public static ServiceProcess simulator(Map<String, String> env, Path log, String javaHome) {
        return new ServiceProcess(env, log, javaHome, true);
    }

    public long pid() {
        return process.pid();
    }

    public ServiceProcess start() {
        String java = Path.of(javaHome, "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"), App.class.getName());
        if (simulator) builder.command().add("simulator");
        // The soak and the benchmark run hundreds of logins from 127.0.0.1: no rate limits unless the env sets them.
        builder.environment().put("LOGIN_RATE_LIMIT", "0");
        builder.environment().put("STATUS_RATE_LIMIT", "0");
        builder.environment().putAll(env);
        if (!simulator) RunningService.addTestTokenKeys(builder.environment());
        builder.redirectErrorStream(true);
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        awaitReady(Duration.ofSeconds(30));
        return this;
    }

    public String baseUrl() {
        return "http://localhost:" + env.get(simulator ? "SIMULATOR_PORT" : "PORT");
    }

    /** SIGKILL: no shutdown hook runs, nothing is cleaned up. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGTERM: the shutdown hook stops the server gracefully. Returns the exit code. */
    public int terminate(Duration wait) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS)) throw new IllegalStateException("did not stop in " + wait);
        return process.exitValue();
    }

    public void stopQuietly() {
        if (process != null && process.isAlive()) process.destroyForcibly();
    }

    private void awaitReady(Duration timeout) {
        HttpClient http = HttpClient.newHttpClient();
        await("the service to answer / (its log: " + log + ")").atMost(timeout).pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(100)).pollInSameThread()
                .ignoreExceptionsInstanceOf(IOException.class) // not listening yet
                .until(() -> {
                    if (!process.isAlive()) throw new IllegalStateException("the service exited; see " + log);
                    return http.send(HttpRequest.newBuilder(URI.create(baseUrl() + (simulator ? "/simulator/.well-known/openid-configuration" : "/"))).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                });
    }
}
