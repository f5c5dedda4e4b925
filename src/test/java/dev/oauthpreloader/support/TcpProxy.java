package dev.oauthpreloader.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A minimal load balancer for tests: each connection goes to a random backend that accepts it.
 * The service's nodes share it as BASE_URL, so a node's calls to the simulated provider still
 * succeed when the other node is dead.
 */
public final class TcpProxy implements AutoCloseable {

    private final ServerSocket server;
    private final List<Integer> backends;

    public TcpProxy(List<Integer> backendPorts) {
        this.backends = backendPorts;
        try {
            this.server = new ServerSocket(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread acceptor = new Thread(this::accept, "proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket backend = connectToAnyBackend();
                if (backend == null) {
                    client.close();
                    continue;
                }
                pipe(client, backend);
                pipe(backend, client);
            } catch (IOException e) {
                // closed, or one connection failed: keep serving the others
            }
        }
    }

    private Socket connectToAnyBackend() {
        List<Integer> order = new ArrayList<>(backends);
        Collections.shuffle(order);
        for (int port : order) {
            try {
                Socket socket = new Socket();
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return socket;
            } catch (IOException e) {
                // that node is down: try the next
            }
        }
        return null;
    }

    /** Copies one direction; when either side ends the connection, both ends close. */
    private static void pipe(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                in.transferTo(out);
            } catch (IOException e) {
                // one side closed
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "proxy-pipe");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
