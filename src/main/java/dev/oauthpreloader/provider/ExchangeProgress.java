package dev.oauthpreloader.provider;

import dev.oauthpreloader.operation.Stage;

/** Told before each stage of an exchange; false means the login already ended (deadline, cancel), so stop. */
@FunctionalInterface
public interface ExchangeProgress {

    boolean enter(Stage stage);
}
