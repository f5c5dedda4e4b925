package dev.oauthpreloader;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oauthpreloader.support.RunningService;
import dev.oauthpreloader.support.ServiceProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The start-up line names the port this process listens on, which is what an operator checks; BASE_URL may be a proxy's. */
class ListeningPortLogTest {

    @Test
    void start_up_logs_the_port_the_server_listens_on() throws Exception {
        Path dir = Files.createTempDirectory("oauth-preloader-port");
        int port = RunningService.freePort();
        Path log = dir.resolve("service.log");
        ServiceProcess service = new ServiceProcess(Map.of("PORT", String.valueOf(port),
                "DATABASE_URL", "jdbc:sqlite:" + dir.resolve("port.db")), log).start();
        try {
            String text = "";
            for (int i = 0; i < 50 && !text.contains("listening on port"); i++) {
                Thread.sleep(100);
                text = Files.readString(log);
            }
            assertTrue(text.contains("listening on port " + port + " "), text);
            assertFalse(text.contains("ready at http"), text);
        } finally {
            service.stopQuietly();
        }
    }
}
