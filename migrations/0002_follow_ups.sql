-- Follow-ups (planned actions), interactions (what happened) and the colour regimes' clock.
-- Forward-only: never edit this file once landed.

CREATE TABLE follow_ups (
    id            TEXT PRIMARY KEY NOT NULL,
    client_id     TEXT NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    action        TEXT NOT NULL CHECK (action IN
                  ('call', 'visit', 'email', 'whatsapp', 'sample', 'survey', 'meeting', 'other')),
    purpose       TEXT NOT NULL DEFAULT '',
    -- The local calendar date and optional local wall-clock time the user chose.
    due_date      TEXT NOT NULL,
    due_time      TEXT,
    -- The UTC instant it falls due (date + time, or the start of the working day, in the
    -- user's time zone). What the scheduler and the agenda order by.
    due_at        TEXT NOT NULL,
    -- JSON recurrence rule, NULL for a one-off; series_start anchors its occurrences.
    recurrence    TEXT,
    series_start  TEXT,
    -- 'regime' follow-ups are planned by the client's colour and replaced when it changes.
    origin        TEXT NOT NULL DEFAULT 'manual' CHECK (origin IN ('manual', 'regime')),
    status        TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'cancelled')),
    completed_at  TEXT,
    -- When its reminder was shown; set in the transaction that selects it, so it never fires twice.
    notified_at   TEXT,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    deleted_at    TEXT
);
-- client_id rides along so the agenda's join and colour filter run on index data, and a
-- follow-up's row is read only when it is shown.
CREATE INDEX follow_ups_pending ON follow_ups (due_at, client_id)
    WHERE status = 'pending' AND deleted_at IS NULL;
CREATE INDEX follow_ups_to_notify ON follow_ups (due_at)
    WHERE status = 'pending' AND notified_at IS NULL AND deleted_at IS NULL;
CREATE INDEX follow_ups_by_client ON follow_ups (client_id, status, due_at);

CREATE TABLE interactions (
    id            TEXT PRIMARY KEY NOT NULL,
    client_id     TEXT NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    channel       TEXT NOT NULL CHECK (channel IN
                  ('call', 'visit', 'email', 'whatsapp', 'sample', 'survey', 'meeting', 'other')),
    direction     TEXT NOT NULL CHECK (direction IN ('outbound', 'inbound')),
    outcome       TEXT CHECK (outcome IN
                  ('reached', 'no_answer', 'answered', 'interested', 'not_interested', 'call_back')),
    summary       TEXT NOT NULL DEFAULT '',
    occurred_at   TEXT NOT NULL,
    follow_up_id  TEXT REFERENCES follow_ups (id) ON DELETE SET NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    deleted_at    TEXT
);
CREATE INDEX interactions_by_client ON interactions (client_id, occurred_at)
    WHERE deleted_at IS NULL;

-- The regime's clock: the last interaction (any interaction restarts it) and when the colour
-- was last set. Kept on the client so the agenda's lists need no aggregate over interactions.
ALTER TABLE clients ADD COLUMN last_contact_at TEXT;
ALTER TABLE clients ADD COLUMN colour_since TEXT;
CREATE INDEX clients_by_last_contact ON clients (last_contact_at) WHERE deleted_at IS NULL;
-- The agenda joins every follow-up row to its client for the name and colour: a covering
-- index answers that join from one b-tree instead of two.
CREATE INDEX clients_for_agenda ON clients (id, colour, name) WHERE deleted_at IS NULL;
-- "Waiting for an answer": green clients by the day their clock started, longest first.
CREATE INDEX clients_green_waiting
    ON clients (max(coalesce(last_contact_at, ''), coalesce(colour_since, '')))
    WHERE colour = 'green' AND deleted_at IS NULL;
