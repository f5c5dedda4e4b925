package dev.oauthpreloader.provider;

/** Why a callback was refused before any exchange: the sentence for the page and the words for the log. */
public enum CallbackRefusal {
    INVALID_STATE("state does not match", "This login response does not belong to a login started in this browser, "
            + "or it was already used. Please start the login again."),
    WRONG_ISSUER("iss does not name its issuer", "This login response names a different provider than the one it was sent to. "
            + "Please start the login again."),
    MISSING_ISSUER("no iss from a provider that promises it", "This login response does not say which provider it comes from, "
            + "although that provider always says so. Please start the login again."),
    MISSING_CODE("no code", "The provider sent no authorization code. Please start the login again."),
    UNUSABLE_RESPONSE("unusable response", "The provider's answer could not be used to log you in. Please start the login again.");

    public final String logText;
    public final String message;

    CallbackRefusal(String logText, String message) {
        this.logText = logText;
        this.message = message;
    }
}
