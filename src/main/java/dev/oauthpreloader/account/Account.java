package dev.oauthpreloader.account;

/** One user_profile row. */
public record Account(long id, String firstName, String lastName, String email) {

    /** What the index page greets the person with. */
    public String displayName() {
        if (firstName != null && !firstName.isBlank()) return firstName;
        if (email != null && !email.isBlank()) return email;
        return "there";
    }
}
