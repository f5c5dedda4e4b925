package dev.oauthpreloader.support;

import org.jdbi.v3.core.Jdbi;

/** The running service as a test sees it: its address, browsers for it, and a look at its rows. */
public interface ServiceUnderTest {

    String baseUrl();

    /** A read-only look at the service's database, for assertions on rows. */
    Jdbi db();

    default Browser newBrowser() {
        return new Browser(baseUrl());
    }

    /** A new browser (its own cookies), driven through the login flow. */
    default LoginDriver newPerson() {
        return new LoginDriver(newBrowser());
    }

    default String statusOf(String publicId) {
        return db().withHandle(h -> h.createQuery("""
                        SELECT s.code FROM async_operation o JOIN async_operation_status s ON s.id = o.async_operation_status_id
                        WHERE o.public_id = :id""").bind("id", publicId).mapTo(String.class).one());
    }

    default String reasonOf(String publicId) {
        return db().withHandle(h -> h.createQuery("SELECT error_reason FROM async_operation WHERE public_id = :id")
                .bind("id", publicId).mapTo(String.class).one());
    }

    default int count(String sql) {
        return db().withHandle(h -> h.createQuery(sql).mapTo(Integer.class).one());
    }

    default int pendingCount() {
        return count("SELECT COUNT(*) FROM async_operation WHERE async_operation_status_id = 1");
    }
}
