-- An occurrence of a series moved by hand keeps its place in the series (issue 8).
-- Forward-only: never edit this file once landed.

-- The date the series' rule gave the stored occurrence, kept when the occurrence alone is
-- moved (rescheduled, snoozed, spread): the series goes on from that slot, not from the new
-- date, so an occurrence moved a day earlier no longer brings its own slot back the day after
-- (drawn ahead, and stored again once it is done). NULL while the occurrence is on its slot.
ALTER TABLE follow_ups ADD COLUMN slot_date TEXT;

-- The series drawn ahead step from the slot: the covering index of migration 0007 carries it.
DROP INDEX IF EXISTS follow_ups_pending_series;
CREATE INDEX follow_ups_pending_series ON follow_ups (
    due_at, client_colour, action, client_id, id, purpose, origin, due_date, due_time,
    recurrence, series_id, series_start, slot_date, status, deleted_at)
    WHERE status = 'pending' AND deleted_at IS NULL AND recurrence IS NOT NULL;
