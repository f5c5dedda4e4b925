package dev.oauthpreloader.login;

import dev.oauthpreloader.web.Templates;
import io.javalin.http.Context;
import java.util.Map;
import dev.oauthpreloader.operation.Stage;
import java.util.List;

/** What preloader.jte shows; the same numbers also drive static/preloader.js through data attributes. */
/** @param fresh a "show what the provider says now" fetch, not a login: the page says so */
public record PreloaderPage(String op, String providerName, String providerLabel, String csrf, StatusReport report, boolean fresh) {

    /** The stages a person is shown; QUEUED is folded into the first, it is normally a blink. */
    private static final List<Stage> SHOWN = List.of(Stage.EXCHANGING_CODE, Stage.FETCHING_PROFILE, Stage.SAVING);
    /** Providers usually answer in well under a second; after this the page says calmly that this one is slow. */
    private static final long SLOW_AFTER_MS = 5000;

    public record Step(String code, String text, String state) {
    }

    public String title() {
        return fresh ? "Asking " + providerLabel : "Logging you in";
    }

    public String heading() {
        return fresh ? "Asking " + providerLabel + " what it says now" : "Logging you in with " + providerLabel;
    }

    /** Answers the request with this page. */
    void show(Templates templates, Context ctx) {
        templates.page(ctx, "preloader.jte", Map.of("page", this));
    }

    public List<Step> steps() {
        Stage reached = Stage.byCode(report.stage());
        Stage current = reached == Stage.QUEUED ? Stage.EXCHANGING_CODE : reached;
        return SHOWN.stream().map(stage -> new Step(stage.code, stage.description, stateOf(stage, current))).toList();
    }

    private static String stateOf(Stage stage, Stage current) {
        if (stage.ordinal() < current.ordinal()) return "done";
        return stage == current ? "current" : "todo";
    }

    /** A third of the deadline when that is shorter, so a short deadline still warns before it ends. */
    public long slowAfterMs() {
        return Math.min(SLOW_AFTER_MS, report.deadlineMs() / 3);
    }

    public boolean slow() {
        return report.elapsedMs() >= slowAfterMs();
    }

    public long elapsedSeconds() {
        return report.elapsedMs() / 1000;
    }

    public long deadlineSeconds() {
        return report.deadlineMs() / 1000;
    }
}
