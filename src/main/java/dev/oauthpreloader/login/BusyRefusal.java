package dev.oauthpreloader.login;

import io.javalin.http.Context;
import io.javalin.http.ServiceUnavailableResponse;
import java.time.Duration;

/**
 * The answer when the executor cannot start an exchange before its deadline: 503 with Retry-After
 * and a page saying when to try again, now rather than a failure at the deadline.
 */
final class BusyRefusal {

    private BusyRefusal() {
    }

    static ServiceUnavailableResponse answer(Context ctx, Duration retryAfter) {
        long seconds = retryAfter.toSeconds();
        ctx.header("Retry-After", String.valueOf(seconds));
        return new ServiceUnavailableResponse("The service is busy right now. Please try again in " + seconds
                + (seconds == 1 ? " second." : " seconds."));
    }
}
