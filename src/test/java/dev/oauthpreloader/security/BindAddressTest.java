package dev.oauthpreloader.security;

import dev.oauthpreloader.config.ConfigException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oauthpreloader.Config;
import dev.oauthpreloader.support.RunningService;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which interfaces the server listens on: all of them by default, or the one BIND_ADDRESS names. */
class BindAddressTest {

    @Test
    void by_default_the_server_listens_on_every_interface() throws IOException {
        try (RunningService service = RunningService.start()) {
            int port = URI.create(service.baseUrl).getPort();
            connect("127.0.0.1", port);
            connect("127.0.0.2", port); // not the address BASE_URL names: the wildcard address answers it
            connect("::1", port);
        }
    }

    @Test
    void with_bind_address_the_server_listens_on_that_address_only() throws IOException {
        try (RunningService service = RunningService.start(Map.of("BIND_ADDRESS", "127.0.0.1"))) {
            int port = URI.create(service.baseUrl).getPort();
            connect("127.0.0.1", port);
            assertThrows(ConnectException.class, () -> connect("127.0.0.2", port));
            assertThrows(ConnectException.class, () -> connect("::1", port));
        }
    }

    @Test
    void bind_address_must_be_an_ip_address() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> Config.fromEnvironment(Map.of("BIND_ADDRESS", "internal.example.com")));
        assertTrue(e.getMessage().startsWith("BIND_ADDRESS "), e.getMessage());
        assertEquals("0:0:0:0:0:0:0:1", Config.fromEnvironment(Map.of("BIND_ADDRESS", "::1")).server().bindAddress());
    }

    private static void connect(String host, int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 2000);
        }
    }
}
