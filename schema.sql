-- The whole schema, applied at every start-up; every statement is idempotent.
-- Times are epoch milliseconds (UTC).
-- Written in the SQL that SQLite and PostgreSQL share, with three exceptions that
-- storage/Database.java translates: for PostgreSQL, "INTEGER PRIMARY KEY" (SQLite's auto-numbered
-- row id) becomes an identity column, and BLOB becomes BYTEA; for SQLite, which has no
-- "ALTER TABLE t ADD COLUMN IF NOT EXISTS c ...", the column is added only when t lacks it.

-- The article's dictionary of operation states.
CREATE TABLE IF NOT EXISTS async_operation_status (
    id   INTEGER PRIMARY KEY,
    code VARCHAR(20) NOT NULL UNIQUE
);
INSERT INTO async_operation_status (id, code) VALUES (1, 'pending'), (2, 'ok'), (3, 'error')
    ON CONFLICT (id) DO NOTHING;

-- One person.
CREATE TABLE IF NOT EXISTS user_profile (
    id             INTEGER PRIMARY KEY,
    first_name     VARCHAR(200),
    last_name      VARCHAR(200),
    email          VARCHAR(320),
    created_at     BIGINT NOT NULL,
    last_login_at  BIGINT
);

-- One account at one provider; a person has many. The article's facebook_id, generalised:
-- provider user ids are only unique within their provider.
CREATE TABLE IF NOT EXISTS identity (
    id                INTEGER PRIMARY KEY,
    user_profile_id   BIGINT NOT NULL REFERENCES user_profile (id),
    provider          VARCHAR(64)  NOT NULL,
    provider_user_id  VARCHAR(255) NOT NULL,
    email             VARCHAR(320),
    email_verified    BOOLEAN NOT NULL DEFAULT FALSE,
    created_at        BIGINT NOT NULL,
    last_used_at      BIGINT,
    UNIQUE (provider, provider_user_id)
);
-- last_used_at: the last login or connect through this identity (the account page shows it); null
-- in rows written before it existed. A database made before then gets the column here.
ALTER TABLE identity ADD COLUMN IF NOT EXISTS last_used_at BIGINT;
CREATE INDEX IF NOT EXISTS identity_user_profile ON identity (user_profile_id);
-- Linking by email compares ASCII addresses only (account/EmailKey.java): the index holds exactly those.
DROP INDEX IF EXISTS identity_verified_email;
CREATE INDEX IF NOT EXISTS identity_verified_ascii_email ON identity (lower(email))
    WHERE email_verified AND length(email) = octet_length(email);

-- One login attempt. public_id is what URLs and sessions carry; id never leaves the database.
-- session_binding is a hash of a secret kept in the session that started the attempt.
-- link_user_profile_id is set when a logged-in person connects another provider: the identity
-- then joins that account instead of finding or creating one.
CREATE TABLE IF NOT EXISTS async_operation (
    id                         INTEGER PRIMARY KEY,
    public_id                  VARCHAR(43) NOT NULL UNIQUE,
    async_operation_status_id  INTEGER NOT NULL REFERENCES async_operation_status (id),
    user_profile_id            BIGINT REFERENCES user_profile (id),
    link_user_profile_id       BIGINT REFERENCES user_profile (id),
    provider                   VARCHAR(64) NOT NULL,
    session_binding            VARCHAR(64) NOT NULL,
    stage                      VARCHAR(32) NOT NULL,
    error_reason               VARCHAR(32),
    created_at                 BIGINT NOT NULL,
    deadline_at                BIGINT NOT NULL,
    finished_at                BIGINT,
    consumed_at                BIGINT,
    node_id                    VARCHAR(100) NOT NULL,
    -- How long each stage took, in ms, as the worker measured it (null: not reached, or reaped
    -- while in it): waiting for a worker, code for token, token for profile, saving the account.
    queue_ms                   INTEGER,
    token_ms                   INTEGER,
    profile_ms                 INTEGER,
    save_ms                    INTEGER
);
CREATE INDEX IF NOT EXISTS async_operation_pending ON async_operation (async_operation_status_id, deadline_at);
CREATE INDEX IF NOT EXISTS async_operation_created ON async_operation (created_at);
CREATE INDEX IF NOT EXISTS async_operation_node ON async_operation (node_id, async_operation_status_id);

-- Which operation a callback started. The first request carrying a callback (identified by a hash of
-- its state) claims it; a concurrent or later replay, on any node, finds the claim and starts nothing.
CREATE TABLE IF NOT EXISTS callback_claim (
    callback_hash  VARCHAR(64) PRIMARY KEY,
    public_id      VARCHAR(43) NOT NULL,
    created_at     BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS callback_claim_created ON callback_claim (created_at);

-- The service's nodes, each heartbeating while it runs: an operation owned by a node that stopped
-- heartbeating can never finish, and any other node may fail it.
CREATE TABLE IF NOT EXISTS service_node (
    node_id       VARCHAR(100) PRIMARY KEY,
    started_at    BIGINT NOT NULL,
    heartbeat_at  BIGINT NOT NULL
);

-- Jetty's session table of earlier versions held Java-serialised attributes: nothing reads it now.
DROP TABLE IF EXISTS http_session;

-- Browser sessions (session/), so that any node can serve any request and a restart loses none.
-- id_hash is the SHA-256 of the cookie's id, never the id; data is a JSON object of strings, never
-- serialised Java; version grows with every change of data, and writers compare-and-set on it.
-- expires_at is the earlier of the idle timeout and the absolute lifetime.
CREATE TABLE IF NOT EXISTS browser_session (
    id_hash       VARCHAR(64) PRIMARY KEY,
    data          TEXT NOT NULL,
    version       BIGINT NOT NULL,
    started_at    BIGINT NOT NULL,
    last_seen_at  BIGINT NOT NULL,
    expires_at    BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS browser_session_expires ON browser_session (expires_at);

-- The simulator's first grant table, replaced by simulator_code_grant and no longer written.
DROP TABLE IF EXISTS simulator_grant;

-- One authorization the simulated provider granted: its code, then the tokens issued for it.
-- In the database so that any node of the service can answer for the simulator; only hashes of
-- codes and tokens are kept. expires_at is when the row may go: the code's expiry until it is
-- redeemed, then the refresh token's.
CREATE TABLE IF NOT EXISTS simulator_code_grant (
    code_hash           VARCHAR(64) PRIMARY KEY,
    access_token_hash   VARCHAR(64) UNIQUE,
    refresh_token_hash  VARCHAR(64) UNIQUE,
    client_id           VARCHAR(200) NOT NULL,
    redirect_uri        VARCHAR(2000) NOT NULL,
    code_challenge      VARCHAR(128) NOT NULL,
    scope               VARCHAR(1000) NOT NULL,
    nonce               VARCHAR(512),
    username            VARCHAR(64) NOT NULL,
    delay_ms            INTEGER NOT NULL,
    outcome             VARCHAR(32) NOT NULL,
    created_at          BIGINT NOT NULL,
    redeemed_at         BIGINT,
    tokens_issued_at    BIGINT,
    expires_at          BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS simulator_code_grant_expires ON simulator_code_grant (expires_at);

-- The provider's tokens for one identity (token/), kept so that an application can call the
-- provider later. sealed is the access and refresh tokens, encrypted together with the key named
-- key_id and bound to the identity (its provider and provider_user_id, the identity's unique key), so
-- a row copied onto another identity does not decrypt. Never plain text. access_expires_at is null for a token that does not expire (OAuth 1.0a).
-- needs_login is set when the provider refused a refresh: only a new login brings a usable token.
CREATE TABLE IF NOT EXISTS identity_token (
    identity_id        BIGINT PRIMARY KEY REFERENCES identity (id) ON DELETE CASCADE,
    key_id             VARCHAR(64) NOT NULL,
    sealed             BLOB NOT NULL,
    access_expires_at  BIGINT,
    scopes             VARCHAR(2000),
    needs_login        BOOLEAN NOT NULL DEFAULT FALSE,
    refreshed_at       BIGINT,
    updated_at         BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS identity_token_expiry ON identity_token (access_expires_at);
-- When the refresher may next look at the row: a claim's lease while one node refreshes it, the
-- time of the next try after a transient failure, or null (due as soon as it nears expiry).
ALTER TABLE identity_token ADD COLUMN IF NOT EXISTS refresh_after BIGINT;

-- What an operation is for: 'login' (a login or a connect), or 'fresh' (fetching what the provider
-- says now with the kept token, token/FreshProfiles.java). Added to databases made before it existed.
ALTER TABLE async_operation ADD COLUMN IF NOT EXISTS purpose VARCHAR(16) NOT NULL DEFAULT 'login';

-- The profile a 'fresh' operation fetched, sealed like the tokens (bound to the operation's public
-- id), until its operation is deleted with the other finished ones.
CREATE TABLE IF NOT EXISTS fresh_profile (
    public_id   VARCHAR(43) PRIMARY KEY REFERENCES async_operation (public_id) ON DELETE CASCADE,
    key_id      VARCHAR(64) NOT NULL,
    sealed      BLOB NOT NULL,
    created_at  BIGINT NOT NULL
);
