package dev.oauthpreloader.operation;

import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * How the store tells the other nodes on a shared database that operations changed status or
 * stage, so a page long-polling another node hears of it at once ({@link ChangeNoticeListener}).
 * SQLite has one node, whose waiters the writers wake directly: there it does nothing.
 */
public interface ChangeNotices {

    /** The one PostgreSQL channel; its payload is an operation's public id. */
    String CHANNEL = "preloader_operation";

    ChangeNotices NONE = (handle, publicIds) -> {
    };

    /**
     * PostgreSQL's NOTIFY, one statement for any number of ids. It runs after the write has
     * committed, so whoever is woken reads the new state; NOTIFY is delivered only at commit anyway.
     */
    ChangeNotices POSTGRES = (handle, publicIds) -> {
        if (publicIds.isEmpty()) return;
        handle.createQuery("SELECT pg_notify(:channel, id) FROM unnest(:ids) AS id")
                .bind("channel", CHANNEL).bindArray("ids", String.class, publicIds)
                .mapTo(String.class).list();
    };

    /** Announces, on {@code handle}, that the operations {@code publicIds} changed. */
    void announce(Handle handle, List<String> publicIds);
}
