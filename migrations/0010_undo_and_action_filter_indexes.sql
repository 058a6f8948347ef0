-- Indexes for the agenda at any size (issue 8).
-- Forward-only: never edit this file once landed.

-- Undoing a batch deletes the follow-ups it planned (a re-planned regime call, a series' next
-- occurrence): SQLite then finds the interactions that refer to each one, to set their link to
-- NULL, which without this index is a scan of every interaction (a minute for 1,000 items at
-- 100,000 clients; 150 ms with it).
CREATE INDEX interactions_by_follow_up ON interactions (follow_up_id);

-- The agenda filtered by an action checked each pending item's row for it (71 ms for the
-- three sections at 100,000 clients): the pending indexes now carry the action, after their
-- own keys, so the check reads the index and every query keeps the plan it had.
DROP INDEX IF EXISTS follow_ups_pending;
CREATE INDEX follow_ups_pending ON follow_ups (due_at, client_id, action)
    WHERE status = 'pending' AND deleted_at IS NULL;
DROP INDEX IF EXISTS follow_ups_pending_by_colour;
CREATE INDEX follow_ups_pending_by_colour ON follow_ups (client_colour, due_at, client_id, action)
    WHERE status = 'pending' AND deleted_at IS NULL;
