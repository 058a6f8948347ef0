-- The agenda filtered by a segment as one index range (issue 8).
-- Forward-only: never edit this file once landed.

-- As with the city (migration 0013): every follow-up carries its client's segment, NULL while
-- the client is in the trash, kept in step by triggers so that no write path can forget it.
-- The segment filter tested every item of each range against the segment's clients: 13.7 ms
-- for the agenda of one segment in twenty-five at 100,000 clients.
ALTER TABLE follow_ups ADD COLUMN client_segment TEXT;

UPDATE follow_ups SET client_segment = c.segment_id
FROM clients c
WHERE c.id = follow_ups.client_id AND c.deleted_at IS NULL AND c.segment_id IS NOT NULL;

CREATE TRIGGER follow_ups_client_segment_after_insert AFTER INSERT ON follow_ups
WHEN new.client_segment IS NOT (SELECT iif(deleted_at IS NULL, segment_id, NULL) FROM clients
                                WHERE id = new.client_id) BEGIN
    UPDATE follow_ups
    SET client_segment = (SELECT iif(deleted_at IS NULL, segment_id, NULL) FROM clients
                          WHERE id = new.client_id)
    WHERE id = new.id;
END;

CREATE TRIGGER follow_ups_client_segment_after_update
AFTER UPDATE OF client_id, client_segment ON follow_ups
WHEN new.client_segment IS NOT (SELECT iif(deleted_at IS NULL, segment_id, NULL) FROM clients
                                WHERE id = new.client_id) BEGIN
    UPDATE follow_ups
    SET client_segment = (SELECT iif(deleted_at IS NULL, segment_id, NULL) FROM clients
                          WHERE id = new.client_id)
    WHERE id = new.id;
END;

-- A new segment, a trash or a restore: every follow-up of the client follows.
CREATE TRIGGER clients_segment_to_follow_ups AFTER UPDATE OF segment_id, deleted_at ON clients
WHEN new.segment_id IS NOT old.segment_id
  OR (new.deleted_at IS NULL) <> (old.deleted_at IS NULL) BEGIN
    UPDATE follow_ups SET client_segment = iif(new.deleted_at IS NULL, new.segment_id, NULL)
    WHERE client_id = new.id;
END;

-- The agenda of one segment: each section one range in due order, each count the range
-- alone. Only a query naming a segment can use it (`client_segment IS NOT NULL`).
CREATE INDEX follow_ups_pending_by_segment ON follow_ups (client_segment, due_at, client_id)
    WHERE status = 'pending' AND deleted_at IS NULL AND client_segment IS NOT NULL;
