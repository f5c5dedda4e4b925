package dev.oauthpreloader.operation;

/** How far a login attempt got; the preloader shows it and an error keeps the last one reached. */
public enum Stage {
    QUEUED("queued", "Waiting for a free worker"),
    EXCHANGING_CODE("exchanging_code", "Exchanging the code with the provider"),
    FETCHING_PROFILE("fetching_profile", "Fetching your profile"),
    SAVING("saving", "Saving your account"),
    DONE("done", "Done");

    public final String code;
    public final String description;

    Stage(String code, String description) {
        this.code = code;
        this.description = description;
    }

    public static Stage byCode(String code) {
        for (Stage stage : values()) if (stage.code.equals(code)) return stage;
        throw new IllegalArgumentException("unknown stage " + code);
    }
}
