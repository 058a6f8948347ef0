-- Triage in bulk (issue 8): an action on many agenda items at once is one batch, undone as
-- one. While a batch runs, every row it writes in follow_ups, interactions and clients is
-- logged here first with what it was (by temporary triggers the core creates for the batch),
-- so undo puts back the exact previous rows, the re-planned regime follow-ups included.
-- Forward-only: never edit this file once landed.

CREATE TABLE batches (
    id          TEXT PRIMARY KEY NOT NULL,
    -- What was done: 'complete', 'snooze', 'spread' or 'cancel'.
    kind        TEXT NOT NULL CHECK (kind IN ('complete', 'snooze', 'spread', 'cancel')),
    -- How many follow-ups it acted on.
    items       INTEGER NOT NULL,
    created_at  TEXT NOT NULL,
    undone_at   TEXT
);

CREATE TABLE batch_changes (
    batch_id    TEXT NOT NULL REFERENCES batches (id) ON DELETE CASCADE,
    -- The order of the writes: undo walks them backwards.
    seq         INTEGER NOT NULL,
    tbl         TEXT NOT NULL CHECK (tbl IN ('follow_ups', 'interactions', 'clients')),
    op          TEXT NOT NULL CHECK (op IN ('insert', 'update', 'delete')),
    row_id      INTEGER NOT NULL,
    -- The whole row before the write, as a JSON object by column (NULL for an insert).
    old         TEXT,
    PRIMARY KEY (batch_id, seq)
) WITHOUT ROWID;
