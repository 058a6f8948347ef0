-- Qualitative notes on a client (issue 9): what they ask for, think of what they bought, doubt,
-- need, and how they compare us with a competitor. Forward-only: never edit once landed.

CREATE TABLE client_notes (
    id           TEXT PRIMARY KEY NOT NULL,
    client_id    TEXT NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    kind         TEXT NOT NULL
                 CHECK (kind IN ('demand', 'opinion', 'doubt', 'need', 'competitor', 'general')),
    body         TEXT NOT NULL CHECK (length(trim(body)) > 0),
    -- An opinion's feeling, 1 (very unhappy) to 5 (very happy); only opinions have one.
    sentiment    INTEGER CHECK (sentiment BETWEEN 1 AND 5),
    -- A competitor comparison: with whom, and on what.
    competitor   TEXT,
    aspect       TEXT CHECK (aspect IN ('price', 'quality', 'service', 'delivery', 'range')),
    -- A doubt or a need we answered: when. Open doubts and needs are listed apart until then.
    resolved_at  TEXT,
    -- When it was noted (UTC, as interactions' `occurred_at`: the timeline orders both).
    noted_at     TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    deleted_at   TEXT,
    CHECK (sentiment IS NULL OR kind = 'opinion'),
    CHECK ((kind = 'competitor') = (competitor IS NOT NULL AND aspect IS NOT NULL)),
    CHECK (resolved_at IS NULL OR kind IN ('doubt', 'need'))
);

-- A client's notes newest first, in keyset pages, of every kind or of one.
CREATE INDEX client_notes_by_client ON client_notes (client_id, noted_at, id)
    WHERE deleted_at IS NULL;
CREATE INDEX client_notes_by_kind ON client_notes (client_id, kind, noted_at, id)
    WHERE deleted_at IS NULL;
-- A client's doubts and needs still to answer.
CREATE INDEX client_notes_open ON client_notes (client_id, noted_at, id)
    WHERE deleted_at IS NULL AND resolved_at IS NULL AND kind IN ('doubt', 'need');
CREATE INDEX client_notes_in_trash ON client_notes (deleted_at, id) WHERE deleted_at IS NOT NULL;
