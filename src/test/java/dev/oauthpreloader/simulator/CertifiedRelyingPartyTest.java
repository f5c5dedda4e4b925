package dev.oauthpreloader.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.oauthpreloader.support.PostgresServer;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * An OpenID-certified relying party that shares no code with us, panva's openid-client for Node,
 * logs in through the standalone simulator (src/test/node/relying-party.mjs), and refuses its faulty
 * id_tokens. If the simulator bent a rule, this client would say so.
 */
class CertifiedRelyingPartyTest {

    static final Path NODE_PROJECT = Path.of("src/test/node");

    @Test
    void openid_client_logs_in_with_pkce_nonce_and_userinfo_refreshes_and_refuses_every_bad_id_token() throws Exception {
        Assumptions.assumeFalse(PostgresServer.selected(), "the relying party runs once, in the SQLite pass");
        requireNode();
        installOnce();
        String redirect = "http://localhost:9/rp/callback";
        try (RunningSimulator simulator = RunningSimulator.start(Map.of("SIMULATOR_CLIENTS", "certified-rp",
                "SIMULATOR_CLIENT_CERTIFIED_RP_SECRET", "rp-secret-51c0", "SIMULATOR_CLIENT_CERTIFIED_RP_REDIRECT_URIS", redirect))) {
            ProcessBuilder node = new ProcessBuilder("node", "relying-party.mjs").directory(NODE_PROJECT.toFile())
                    .redirectErrorStream(true);
            node.environment().putAll(Map.of("ISSUER", simulator.issuer, "CLIENT_ID", "certified-rp",
                    "CLIENT_SECRET", "rp-secret-51c0", "REDIRECT_URI", redirect));
            Result result = run(node, 60);
            assertEquals(0, result.exit(), result.output());
            var checks = RunningSimulator.read(result.output().lines().reduce((a, b) -> b).orElse("{}"));
            for (String name : List.of("discovery", "id_token", "userinfo", "refresh", "refuses_wrong_iss", "refuses_wrong_aud",
                    "refuses_wrong_nonce", "refuses_expired_id_token", "refuses_bad_signature", "refuses_unknown_kid")) {
                assertEquals("ok", checks.path(name).asText(), name + " in " + result.output());
            }
            assertEquals(0, simulator.wrong("missing_state") + simulator.wrong("missing_nonce") + simulator.wrong("missing_pkce"),
                    "the certified client sends state, nonce and PKCE");
            assertEquals(simulator.requests("token"), simulator.right("client_secret_post"), "openid-client authenticates with client_secret_post: " + simulator.stats());
            assertTrue(simulator.requests("jwks_fetches") >= 1);
        }
    }

    /** Node is on every CI machine (.ci/run installs it); elsewhere the test says why it did not run. */
    private static void requireNode() throws InterruptedException {
        boolean present;
        try {
            present = run(new ProcessBuilder("node", "--version"), 10).exit() == 0;
        } catch (IOException e) {
            present = false;
        }
        if (!present) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) fail("node is missing on CI: .ci/run should have installed nodejs and npm");
            Assumptions.abort("node is not installed: install Node 20+ and npm to run the certified relying party");
        }
    }

    /** npm ci, once per checkout: node_modules stays for later runs. */
    private static synchronized void installOnce() throws IOException, InterruptedException {
        if (Files.isDirectory(NODE_PROJECT.resolve("node_modules/openid-client"))) return;
        Result install = run(new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(NODE_PROJECT.toFile())
                .redirectErrorStream(true), 120);
        assertEquals(0, install.exit(), "npm ci failed: " + install.output());
    }

    record Result(int exit, String output) {
    }

    private static Result run(ProcessBuilder builder, int timeoutSeconds) throws IOException, InterruptedException {
        File log = File.createTempFile("node", ".log");
        try {
            Process process = builder.redirectErrorStream(true).redirectOutput(log).start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail(String.join(" ", builder.command()) + " took longer than " + timeoutSeconds + " s");
            }
            return new Result(process.exitValue(), Files.readString(log.toPath(), StandardCharsets.UTF_8));
        } finally {
            log.delete();
        }
    }
}
