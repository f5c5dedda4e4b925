package dev.oauthpreloader.benchmark;

import dev.oauthpreloader.support.RunningService;
import dev.oauthpreloader.support.ServiceProcess;
import dev.oauthpreloader.support.VirtualUser;
import dev.oauthpreloader.support.VirtualUser.Outcome;
import dev.oauthpreloader.support.VirtualUser.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;
import okhttp3.OkHttpClient;

/**
 * Starts the standalone simulator (its token endpoint taking L) and the service on its defaults
 * (SQLite, its simulated provider's button pointed at that simulator) in JVMs of their own, drives V
 * virtual users through the whole login flow for a while, and measures from outside: logins per
 * second, time to login, overhead beyond L, /callback latency, requests per login, the service's
 * CPU time per login, errors, and the service's peak heap, RSS and threads. Each case runs once in
 * the async mode and once with CALLBACK_MODE=sync (the same service, exchanging on the request thread).
 *
 * <pre>mvn -B -q test-compile exec:exec -Dexec.classpathScope=test -Dexec.executable=java \
 *     -Dexec.args="-cp %classpath dev.oauthpreloader.benchmark.LoginBenchmark"</pre>
 * (exec:exec, not exec:java: the service is started from this JVM's java.class.path.)
 * Options (system properties): bench.latencies=500,2000 bench.users=10,100,1000 bench.seconds=20
 * bench.warmUpLogins=15000 bench.warmUpSeconds=300 (the largest V first, unmeasured, until that many logins or
 * that long, whichever comes first, so that C2 has compiled the hot paths; once per mode and latency: the
 * rows of one mode and latency share one service process, measured V after V)
 * bench.javaHome=/usr/lib/jvm/... (the runtime the service runs on). bench.noBrowser=true skips the
 * headless-Chromium measurement ({@link BrowserLanding}) that follows each latency's async rows.
 */
public final class LoginBenchmark {

    /** Unmeasured time at each V before its row: the step up from the previous V opens connections and fills queues. */
    private static final Duration RAMP = Duration.ofSeconds(5);

    /**
     * Unmeasured logins before the first row. Most paths run once per login, and C2 compiles a method
     * only after thousands of calls (Tier4InvocationThreshold 5000, Tier4CompileThreshold 15000): a
     * service driven at V = 200, L = 2 s still spent 0.6 ms of JIT-thread CPU per login after 5000
     * logins and reached its steady 0.1 ms only after 12000-15000 (docs/benchmark.md).
     */
    public record WarmUp(int logins, Duration atMost) {
    }

    /** One measured case. */
    public record Row(String mode, int latencyMs, int users, int logins, double loginsPerSecond,
                      long p50, long p99, long overheadP50, long overheadP99, long callbackP99,
                      double requestsPerLogin, int errors, long peakHeapMb, long peakRssMb, int peakThreads,
                      double cpuMsPerLogin, double providerCpuMsPerLogin, double generatorCpuMsPerLogin, String failures) {
    }

    public static void main(String[] args) throws Exception {
        int[] latencies = ints(System.getProperty("bench.latencies", "500,2000"));
        int[] users = ints(System.getProperty("bench.users", "10,100,1000"));
        int seconds = Integer.parseInt(System.getProperty("bench.seconds", "20"));
        WarmUp warmUp = new WarmUp(Integer.getInteger("bench.warmUpLogins", 15_000),
                Duration.ofSeconds(Long.getLong("bench.warmUpSeconds", 300)));
        String javaHome = System.getProperty("bench.javaHome", System.getProperty("java.home"));
        System.out.printf("service runtime: %s; %d cores; %d s per case%n", javaHome,
                Runtime.getRuntime().availableProcessors(), seconds);
        System.out.println(header());
        String url = System.getProperty("bench.url");
        if (url != null) {
            Row row = runAgainst(url, users[0], latencies[0], Duration.ofSeconds(seconds));
            System.out.println(format(row, null));
            printFailures(List.of(row));
            return;
        }
        List<Row> rows = new ArrayList<>();
        for (int latency : latencies) {
            List<Row> async = run("async", users, latency, warmUp, Duration.ofSeconds(seconds), javaHome);
            List<Row> sync = Boolean.getBoolean("bench.asyncOnly") ? List.of()
                    : run("sync", users, latency, warmUp, Duration.ofSeconds(seconds), javaHome);
            for (int i = 0; i < users.length; i++) {
                rows.add(async.get(i));
                System.out.println(format(async.get(i), sync.isEmpty() ? null : sync.get(i)));
                if (!sync.isEmpty()) {
                    rows.add(sync.get(i));
                    System.out.println(format(sync.get(i), null));
                }
            }
        }
        printFailures(rows);
    }

    /** Under the table: what the failed logins of each case ended with. */
    private static void printFailures(List<Row> rows) {
        for (Row r : rows) {
            if (r.errors() > 0) System.out.printf("%s L=%d V=%d failed: %s%n", r.mode(), r.latencyMs(), r.users(), r.failures());
        }
    }

    /**
     * Runs the cases of one mode and latency against one fresh service process: warmed up once, then
     * each V in turn, every virtual user starting logins until {@code duration} is over; a row's rate
     * counts what finished over the time until the last login did.
     */
    public static List<Row> run(String mode, int[] users, int latencyMs, WarmUp warmUp, Duration duration, String javaHome)
            throws Exception {
        Path dir = Files.createTempDirectory("oauth-preloader-bench");
        int port = RunningService.freePort();
        int simulatorPort = RunningService.freePort();
        // The provider in a process of its own: the standalone simulator, its token endpoint taking L.
        ServiceProcess provider = ServiceProcess.simulator(Map.of(
                "SIMULATOR_PORT", String.valueOf(simulatorPort),
                "SIMULATOR_DATABASE_URL", "jdbc:sqlite:" + dir.resolve("simulator.db"),
                "SIMULATOR_CLIENTS", "oauth-preloader",
                "SIMULATOR_CLIENT_OAUTH_PRELOADER_SECRET", "simulator-demo-secret",
                "SIMULATOR_CLIENT_OAUTH_PRELOADER_REDIRECT_URIS", "http://localhost:" + port + "/callback/simulator",
                "SIMULATOR_PROFILE", "{\"auto\": true, \"latency\": {\"token\": " + latencyMs + "}}"),
                dir.resolve("simulator.log"), javaHome).start();
        // The service on its defaults: only where it listens, where its database is, which mode, and where the provider is.
        Map<String, String> env = new HashMap<>(Map.of(
                "PORT", String.valueOf(port),
                "DATABASE_URL", "jdbc:sqlite:" + dir.resolve("bench.db"),
                "CALLBACK_MODE", mode,
                "SIMULATOR_URL", provider.baseUrl() + "/simulator"));
        ServiceProcess service = new ServiceProcess(env, dir.resolve("service.log"), javaHome).start();
        try {
            int most = Arrays.stream(users).max().orElse(1);
            OkHttpClient http = VirtualUser.sharedClient(most);
            // Steady state, not start-up: the JIT compiles the hot paths and the pools fill first, in both modes alike.
            long warmStart = System.nanoTime();
            int warmed = drive(http, service.baseUrl(), provider.baseUrl(), most, latencyMs, warmUp.atMost(), warmUp.logins(), "warm").size();
            System.out.printf("%s L=%d: warmed up with %d logins at V=%d in %d s%n", mode, latencyMs, warmed, most,
                    Duration.ofNanos(System.nanoTime() - warmStart).toSeconds());
            List<Row> rows = new ArrayList<>();
            for (int v : users) {
                // Each V from its steady state: its extra users' connections opened and their first logins done, unmeasured.
                drive(http, service.baseUrl(), provider.baseUrl(), v, latencyMs, RAMP, Integer.MAX_VALUE, "ramp" + v + "u");
                ResourceSampler sampler = new ResourceSampler(service.pid(), provider.pid());
                sampler.start();
                long start = System.nanoTime();
                List<Result> results = drive(http, service.baseUrl(), provider.baseUrl(), v, latencyMs, duration, Integer.MAX_VALUE, v + "u");
                Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
                sampler.stop();
                rows.add(summarize(mode, v, latencyMs, elapsed, results, sampler));
            }
            if (mode.equals("async") && BrowserLanding.available() && !Boolean.getBoolean("bench.noBrowser")) {
                List<BrowserLanding.Landing> landings = BrowserLanding.measure(service.baseUrl(), dir.resolve("bench.db"), 10);
                long[] sorted = landings.stream().mapToLong(BrowserLanding.Landing::total).sorted().toArray();
                System.out.printf("browser, L=%d ms: logged-in page ready %d ms (median; max %d) after the provider answered the code;"
                                + " medians of its parts: worker %d, poll %d, navigation %d; each login, total (worker+poll+navigation): %s%n",
                        latencyMs, percentile(sorted, 50), sorted[sorted.length - 1], median(landings, BrowserLanding.Landing::worker),
                        median(landings, BrowserLanding.Landing::poll), median(landings, BrowserLanding.Landing::navigation), landings);
            }
            return rows;
        } finally {
            service.stopQuietly();
            provider.stopQuietly();
        }
    }

    /**
     * Drives an already running service (for profiling it): -Dbench.url=http://localhost:7070.
     * Start that service with LOGIN_RATE_LIMIT=0 STATUS_RATE_LIMIT=0: every virtual user comes from one address.
     */
    static Row runAgainst(String url, int users, int latencyMs, Duration duration) throws Exception {
        OkHttpClient http = VirtualUser.sharedClient(users);
        long start = System.nanoTime();
        List<Result> results = drive(http, url, System.getProperty("bench.providerUrl"), users, latencyMs, duration,
                Integer.MAX_VALUE, "x" + (System.nanoTime() % 100_000) + "-");
        return summarize("external", users, latencyMs, Duration.ofNanos(System.nanoTime() - start), results, null);
    }

    /** Every user logs in again and again until {@code duration} is over or {@code logins} have started. */
    private static List<Result> drive(OkHttpClient http, String baseUrl, String providerUrl, int users, int latencyMs,
                                      Duration duration, int logins, String prefix) throws InterruptedException {
        long end = System.nanoTime() + duration.toNanos();
        ConcurrentLinkedQueue<Result> results = new ConcurrentLinkedQueue<>();
        AtomicInteger sequence = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(users);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            Thread thread = new Thread(() -> {
                try {
                    while (System.nanoTime() < end) {
                        int n = sequence.incrementAndGet();
                        if (n > logins) break;
                        VirtualUser user = new VirtualUser(http, baseUrl, Duration.ZERO).withProviderAt(providerUrl);
                        results.add(user.login(prefix + n, latencyMs, "ok"));
                    }
                } finally {
                    done.countDown();
                }
            }, "vu-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        done.await(duration.toSeconds() + 180, TimeUnit.SECONDS);
        return new ArrayList<>(results);
    }

    static Row summarize(String mode, int users, int latencyMs, Duration duration, List<Result> results,
                         ResourceSampler sampler) {
        List<Result> ok = results.stream().filter(r -> r.outcome() == Outcome.LOGGED_IN).toList();
        long[] total = ok.stream().mapToLong(Result::totalMillis).sorted().toArray();
        long[] callback = ok.stream().mapToLong(Result::callbackMillis).sorted().toArray();
        int requests = ok.stream().mapToInt(Result::requests).sum();
        int errors = results.size() - ok.size();
        return new Row(mode, latencyMs, users, ok.size(), ok.size() * 1000.0 / duration.toMillis(),
                percentile(total, 50), percentile(total, 99),
                percentile(total, 50) - latencyMs, percentile(total, 99) - latencyMs,
                percentile(callback, 99), ok.isEmpty() ? 0 : requests / (double) ok.size(), errors,
                sampler == null ? 0 : sampler.peakHeapMb(), sampler == null ? 0 : sampler.peakRssMb(),
                sampler == null ? 0 : sampler.peakThreads(),
                sampler == null || ok.isEmpty() ? 0 : sampler.cpuMillis() / (double) ok.size(),
                sampler == null || ok.isEmpty() ? 0 : sampler.providerCpuMillis() / (double) ok.size(),
                sampler == null || ok.isEmpty() ? 0 : sampler.generatorCpuMillis() / (double) ok.size(),
                failureKinds(results));
    }

    /** "772 x BROKEN SocketTimeoutException, …": how many failed logins ended in each way. */
    private static String failureKinds(List<Result> results) {
        return results.stream().filter(r -> r.outcome() != Outcome.LOGGED_IN)
                .collect(Collectors.groupingBy(r -> r.outcome() + " " + r.reason(), TreeMap::new, Collectors.counting()))
                .entrySet().stream().map(e -> e.getValue() + " x " + e.getKey()).collect(Collectors.joining(", "));
    }

    static long percentile(long[] sorted, int p) {
        if (sorted.length == 0) return -1;
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static <T> long median(List<T> items, ToLongFunction<T> part) {
        return percentile(items.stream().mapToLong(part).sorted().toArray(), 50);
    }

    static String header() {
        return "| mode | L ms | V | logins/s | of V/L | login p50 ms | p99 ms | overhead p50 | p99 | /callback p99 | req/login | service CPU ms/login | errors | peak heap MB | peak RSS MB | peak threads | async/sync | provider CPU ms/login | load generator CPU ms/login |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|";
    }

    /** @param baseline the synchronous row to compare with, or null */
    static String format(Row r, Row baseline) {
        double limit = r.users() * 1000.0 / r.latencyMs();
        boolean none = r.logins() == 0; // no times to show, only the errors
        return String.format(Locale.ROOT, "| %s | %d | %d | %.1f | %.0f%% | %s | %s | %s | %s | %s | %s | %s | %d | %d | %d | %d | %s | %s | %s |",
                r.mode(), r.latencyMs(), r.users(), r.loginsPerSecond(), 100 * r.loginsPerSecond() / limit,
                millis(none, r.p50()), millis(none, r.p99()), millis(none, r.overheadP50()), millis(none, r.overheadP99()),
                millis(none, r.callbackP99()), none ? "-" : String.format(Locale.ROOT, "%.1f", r.requestsPerLogin()),
                none ? "-" : String.format(Locale.ROOT, "%.1f", r.cpuMsPerLogin()), r.errors(),
                r.peakHeapMb(), r.peakRssMb(), r.peakThreads(), ratio(r, baseline),
                none ? "-" : String.format(Locale.ROOT, "%.1f", r.providerCpuMsPerLogin()),
                none ? "-" : String.format(Locale.ROOT, "%.1f", r.generatorCpuMsPerLogin()));
    }

    private static String millis(boolean none, long value) {
        return none ? "-" : String.valueOf(value);
    }

    private static String ratio(Row r, Row baseline) {
        if (baseline == null) return "";
        if (baseline.logins() == 0) return "sync: none";
        return String.format(Locale.ROOT, "%.1fx", r.loginsPerSecond() / baseline.loginsPerSecond());
    }

    private static int[] ints(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
    }

    /** Samples the service process's heap (jstat), RSS and threads (/proc), and its CPU time over the case (/proc). */
    static final class ResourceSampler {
        /** USER_HZ: /proc/PID/stat counts CPU time in clock ticks, 100 a second on Linux. */
        private static final int TICKS_PER_SECOND = 100;
        private final long pid;
        private final long providerPid;
        private final long ownPid = ProcessHandle.current().pid();
        private final AtomicLong peakHeapKb = new AtomicLong();
        private final AtomicLong peakRssKb = new AtomicLong();
        private final AtomicInteger peakThreads = new AtomicInteger();
        private ScheduledExecutorService timer;
        private Process jstat;
        private long[] ticksAtStart;
        private long[] ticksUsed;

        ResourceSampler(long pid, long providerPid) {
            this.pid = pid;
            this.providerPid = providerPid;
        }

        void start() {
            ticksAtStart = new long[] {cpuTicks(pid), cpuTicks(providerPid), cpuTicks(ownPid)};
            timer = Executors.newSingleThreadScheduledExecutor();
            timer.scheduleWithFixedDelay(this::sample, 0, 500, TimeUnit.MILLISECONDS);
            // One jstat printing every 500 ms, not one per sample: each start of a JVM costs the cores we measure.
            try {
                jstat = new ProcessBuilder("jstat", "-gc", String.valueOf(pid), "500ms").redirectErrorStream(true).start();
                Thread reader = new Thread(this::readHeap, "jstat");
                reader.setDaemon(true);
                reader.start();
            } catch (IOException e) {
                System.err.println("jstat unavailable, no heap figures: " + e);
            }
        }

        void stop() {
            ticksUsed = new long[] {cpuTicks(pid) - ticksAtStart[0], cpuTicks(providerPid) - ticksAtStart[1],
                    cpuTicks(ownPid) - ticksAtStart[2]};
            timer.shutdownNow();
            if (jstat != null) jstat.destroy();
        }

        /** The service's CPU time over the case. */
        long cpuMillis() {
            return ticksUsed[0] * 1000 / TICKS_PER_SECOND;
        }

        /** The provider's (the simulator process) CPU time over the case. */
        long providerCpuMillis() {
            return ticksUsed[1] * 1000 / TICKS_PER_SECOND;
        }

        /** This load generator's own CPU time over the case. */
        long generatorCpuMillis() {
            return ticksUsed[2] * 1000 / TICKS_PER_SECOND;
        }

        long peakRssMb() {
            return peakRssKb.get() / 1024;
        }

        /** utime + stime, fields 14 and 15 of /proc/PID/stat (counted after the command name's closing parenthesis). */
        private static long cpuTicks(long pid) {
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            } catch (IOException | RuntimeException e) {
                return 0;
            }
        }

        long peakHeapMb() {
            return peakHeapKb.get() / 1024;
        }

        int peakThreads() {
            return peakThreads.get();
        }

        private void sample() {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                    if (line.startsWith("Threads:")) peakThreads.accumulateAndGet(Integer.parseInt(line.substring(8).trim()), Math::max);
                    if (line.startsWith("VmRSS:")) peakRssKb.accumulateAndGet(Long.parseLong(line.replaceAll("[^0-9]", "")), Math::max);
                }
            } catch (IOException | RuntimeException e) {
                // the process may be gone at the very end; a missed sample is fine
            }
        }

        /** Heap in use (survivors, eden, old) from each line jstat prints; the first line names the columns. */
        private void readHeap() {
            try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(jstat.getInputStream()))) {
                List<String> names = null;
                for (String line; (line = lines.readLine()) != null; ) {
                    String[] values = line.trim().split("\\s+");
                    if (names == null) {
                        names = Arrays.asList(values);
                        continue;
                    }
                    double used = 0;
                    for (String column : List.of("S0U", "S1U", "EU", "OU")) {
                        int i = names.indexOf(column);
                        if (i >= 0 && i < values.length) used += Double.parseDouble(values[i]);
                    }
                    peakHeapKb.accumulateAndGet((long) used, Math::max);
                }
            } catch (IOException | RuntimeException e) {
                // jstat ended with the case, or printed something else: the peak so far stands
            }
        }
    }
}
