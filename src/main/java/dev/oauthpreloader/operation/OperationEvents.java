package dev.oauthpreloader.operation;

import java.util.List;

/**
 * Told by {@link OperationStore} whenever a row starts or ends, after the write that decided it:
 * the one place every outcome passes (worker, reaper, shutdown, a full pool), so counters that
 * listen here agree with the table.
 */
public interface OperationEvents {

    OperationEvents NONE = new OperationEvents() {
        @Override
        public void started(String provider) {
        }

        @Override
        public void finished(List<String> publicIds) {
        }
    };

    void started(String provider);

    /** These operations just became ok or error; their rows hold the outcome and timings. */
    void finished(List<String> publicIds);
}
