package dev.oauthpreloader.operation;

/**
 * How long an operation spent in each stage, in milliseconds; null for a stage it never finished.
 * Stored in async_operation's queue_ms, token_ms, profile_ms and save_ms.
 */
public record StageTimings(Long queueMs, Long tokenMs, Long profileMs, Long saveMs) {

    public static final StageTimings NONE = new StageTimings(null, null, null, null);

    /** These timings with {@code stage}'s time set; DONE has no time of its own. */
    public StageTimings with(Stage stage, long millis) {
        return switch (stage) {
            case QUEUED -> new StageTimings(millis, tokenMs, profileMs, saveMs);
            case EXCHANGING_CODE -> new StageTimings(queueMs, millis, profileMs, saveMs);
            case FETCHING_PROFILE -> new StageTimings(queueMs, tokenMs, millis, saveMs);
            case SAVING -> new StageTimings(queueMs, tokenMs, profileMs, millis);
            case DONE -> this;
        };
    }

    /** For log lines: {@code queue_ms=3 token_ms=310 ...}, only the stages that were timed. */
    @Override
    public String toString() {
        StringBuilder line = new StringBuilder();
        append(line, "queue_ms", queueMs);
        append(line, "token_ms", tokenMs);
        append(line, "profile_ms", profileMs);
        append(line, "save_ms", saveMs);
        return line.toString();
    }

    private static void append(StringBuilder line, String name, Long value) {
        if (value == null) return;
        if (line.length() > 0) line.append(' ');
        line.append(name).append('=').append(value);
    }
}
