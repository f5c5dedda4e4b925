package dev.oauthpreloader.operation;

import java.util.List;

/**
 * Told by {@link OperationStore} whenever a row starts or ends, with the row the write returned:
 * the one place every outcome passes (worker, reaper, shutdown, a full pool), so counters that
 * listen here agree with the table.
 */
public interface OperationEvents {

    OperationEvents NONE = new OperationEvents() {
        @Override
        public void started(String provider) {
        }

        @Override
        public void finished(List<FinishedOperation> operations) {
        }
    };

    void started(String provider);

    /** These operations just became ok or error, as the write that ended them left them. */
    void finished(List<FinishedOperation> operations);
}
