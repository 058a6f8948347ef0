-- Reminder delivery as a stated guarantee: every notification the scheduler decides to show
-- is written here in the same transaction that marks its follow-ups as notified, and leaves
-- only when the desktop confirmed it. A notification the desktop refused is retried on the
-- next tick and, failing that, shown inside the app (and counted in the tray) until the user
-- has seen it. Nothing is dropped, whatever the notification daemon does.
CREATE TABLE notifications (
    id            TEXT PRIMARY KEY,             -- UUIDv7
    title         TEXT NOT NULL,
    body          TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    -- failed attempts to show it on the desktop
    attempts      INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    last_error    TEXT,
    delivered_at  TEXT,                         -- the desktop took it
    failed_at     TEXT,                         -- given up on the desktop: shown in the app
    seen_at       TEXT,                         -- the user saw it in the app
    updated_at    TEXT NOT NULL
);
-- What the scheduler still has to deliver, oldest first.
CREATE INDEX notifications_to_deliver ON notifications (created_at)
    WHERE delivered_at IS NULL AND failed_at IS NULL;
-- What the app shows because the desktop could not.
CREATE INDEX notifications_in_app ON notifications (created_at)
    WHERE failed_at IS NOT NULL AND seen_at IS NULL;
