package dev.oauthpreloader.simulator;

import io.javalin.http.Context;
import jakarta.servlet.ServletOutputStream;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Request;

/**
 * How an answer leaves: late, never, a byte at a time, or as a reset connection. Every wait is a
 * timer and {@code ctx.future}, never a sleeping thread, so a thousand slow logins cost no threads.
 */
final class Delivery {

    /** A trickled body's pace: slow enough that no whole body arrives within any login deadline. */
    static final long TRICKLE_INTERVAL_MS = 200;

    private final ScheduledExecutorService timer;
    private final long hangMillis;

    Delivery(ScheduledExecutorService timer, long hangMillis) {
        this.timer = timer;
        this.hangMillis = hangMillis;
    }

    /** Runs {@code answer} (which writes the response) after {@code delayMs}. */
    void after(Context ctx, long delayMs, Runnable answer) {
        if (delayMs <= 0) {
            answer.run();
            return;
        }
        ctx.future(() -> CompletableFuture.runAsync(answer,
                CompletableFuture.delayedExecutor(delayMs, TimeUnit.MILLISECONDS, timer)));
    }

    /** No answer at all; after the hang time (past the client's patience) the connection is dropped. */
    void hang(Context ctx) {
        ctx.future(() -> {
            CompletableFuture<Void> over = new CompletableFuture<>();
            timer.schedule(() -> {
                reset(ctx);
                over.complete(null);
            }, hangMillis, TimeUnit.MILLISECONDS);
            return over;
        });
    }

    /** A 200 whose body arrives one byte per interval; cut off when the hang time is up. */
    void trickle(Context ctx, String contentType, byte[] body) {
        ctx.future(() -> {
            CompletableFuture<Void> over = new CompletableFuture<>();
            long end = System.currentTimeMillis() + hangMillis;
            try {
                ctx.res().setStatus(200);
                ctx.res().setContentType(contentType);
                ServletOutputStream out = ctx.res().getOutputStream();
                out.flush();
                timer.schedule(new Runnable() {
                    int sent;

                    @Override
                    public void run() {
                        try {
                            if (sent == body.length || System.currentTimeMillis() >= end) {
                                if (sent < body.length) reset(ctx);
                                over.complete(null);
                                return;
                            }
                            out.write(body[sent++]);
                            out.flush();
                            timer.schedule(this, TRICKLE_INTERVAL_MS, TimeUnit.MILLISECONDS);
                        } catch (IOException | RuntimeException e) {
                            over.complete(null); // the client hung up: nothing left to send to
                        }
                    }
                }, TRICKLE_INTERVAL_MS, TimeUnit.MILLISECONDS);
            } catch (IOException e) {
                over.complete(null);
            }
            return over;
        });
    }

    /** Closes the TCP connection with a reset (SO_LINGER 0), as a crashing proxy would. */
    static void reset(Context ctx) {
        Request request = Request.getBaseRequest(ctx.req());
        if (request == null) return;
        EndPoint endPoint = request.getHttpChannel().getEndPoint();
        try {
            if (endPoint.getTransport() instanceof SocketChannel channel && channel.isOpen()) {
                channel.setOption(StandardSocketOptions.SO_LINGER, 0);
            }
        } catch (IOException ignored) {
            // a plain close is the next best thing
        }
        endPoint.close();
    }
}
