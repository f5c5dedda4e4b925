package dev.oauthpreloader.exchange;

import dev.oauthpreloader.operation.Stage;
import dev.oauthpreloader.operation.StageTimings;
import java.util.concurrent.TimeUnit;

/**
 * Times one exchange's stages on the monotonic clock (wall-clock time can jump). Each call ends the
 * stage that was running and returns every time measured so far, ready for the row's next write.
 */
final class StageStopwatch {

    private Stage current = Stage.QUEUED;
    private long since;
    private StageTimings timings = StageTimings.NONE;

    /** @param queuedAtNanos {@link System#nanoTime()} when the job was handed to the pool */
    StageStopwatch(long queuedAtNanos) {
        this.since = queuedAtNanos;
    }

    StageTimings next(Stage next) {
        long now = System.nanoTime();
        timings = timings.with(current, TimeUnit.NANOSECONDS.toMillis(now - since));
        current = next;
        since = now;
        return timings;
    }

    /** The times of the stages that ended, without the one running now. */
    StageTimings completed() {
        return timings;
    }

    /** The stage running now: where a failure happened. */
    Stage current() {
        return current;
    }

    /** Every time so far, the running stage's up to now, without ending it: for a write that may be tried again. */
    StageTimings untilNow() {
        return timings.with(current, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since));
    }

    StageTimings stop() {
        return next(Stage.DONE);
    }
}
