-- Occurrences of a series that went by undone, logged as missed (issue 8).
-- Forward-only: never edit this file once landed.

-- Only a series' current occurrence is stored; when it is done or skipped long after its date,
-- the series comes back on its first occurrence not in the past, and the ones in between were
-- never stored. The user may log them: each becomes a closed follow-up on its own date, status
-- 'cancelled' (it was not done) and `missed` = 1, so the client's history says which visits did
-- not happen instead of keeping silent. A flag and not a new status: the status CHECK of
-- migration 0002 would need the table rebuilt, with every index and trigger on it.
ALTER TABLE follow_ups ADD COLUMN missed INTEGER NOT NULL DEFAULT 0 CHECK (missed IN (0, 1));

-- The client's timeline reads them next to its interactions, newest first, in keyset pages.
CREATE INDEX follow_ups_missed_by_client ON follow_ups (client_id, due_at, id)
    WHERE missed = 1 AND deleted_at IS NULL;
