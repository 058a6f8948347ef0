-- The agenda filtered by a tag as index ranges (issue 8).
-- Forward-only: never edit this file once landed.

-- A client carries any number of tags, so a follow-up cannot hold a copy of its client's tag
-- as it does of the colour, city and segment (migrations 0006, 0013, 0016). The tag filter
-- tested every item of each range against the tag's clients instead: 14-22 ms for the agenda
-- of one tag in forty at 100,000 clients, nearly all of it counting the sections.
--
-- This table holds one row per tag of the client of each pending follow-up (a live follow-up
-- of a live client), in the order the agenda reads: a tag's section is one range of its key
-- and its count the range alone. It is derived data, kept by the triggers below on every
-- write that can change it; `follow_up_tags_expected` is its definition (the backfill and the
-- tests use it).
CREATE TABLE follow_up_tags (
    tag_id        TEXT NOT NULL,
    due_at        TEXT NOT NULL,
    client_id     TEXT NOT NULL,
    follow_up_id  TEXT NOT NULL,
    PRIMARY KEY (tag_id, due_at, client_id, follow_up_id)
) WITHOUT ROWID;

CREATE VIEW follow_up_tags_expected AS
SELECT ct.tag_id, f.due_at, f.client_id, f.id AS follow_up_id
FROM follow_ups f
  JOIN clients c ON c.id = f.client_id
  JOIN client_tags ct ON ct.client_id = f.client_id
WHERE f.status = 'pending' AND f.deleted_at IS NULL AND c.deleted_at IS NULL;

INSERT INTO follow_up_tags (tag_id, due_at, client_id, follow_up_id)
SELECT tag_id, due_at, client_id, follow_up_id FROM follow_up_tags_expected;

-- A follow-up written: its rows leave with what it was and come back with what it is. OR
-- IGNORE: a row already there is the same row, and a user's write must never fail on derived
-- data.
CREATE TRIGGER follow_up_tags_after_insert AFTER INSERT ON follow_ups
WHEN new.status = 'pending' AND new.deleted_at IS NULL BEGIN
    INSERT OR IGNORE INTO follow_up_tags (tag_id, due_at, client_id, follow_up_id)
    SELECT ct.tag_id, new.due_at, new.client_id, new.id
    FROM client_tags ct JOIN clients c ON c.id = ct.client_id
    WHERE ct.client_id = new.client_id AND c.deleted_at IS NULL;
END;

CREATE TRIGGER follow_up_tags_after_update AFTER UPDATE OF due_at, status, deleted_at, client_id
ON follow_ups
WHEN old.due_at IS NOT new.due_at OR old.status IS NOT new.status
  OR old.deleted_at IS NOT new.deleted_at OR old.client_id IS NOT new.client_id BEGIN
    DELETE FROM follow_up_tags
    WHERE tag_id IN (SELECT tag_id FROM client_tags WHERE client_id = old.client_id)
      AND due_at = old.due_at AND client_id = old.client_id AND follow_up_id = old.id;
    INSERT OR IGNORE INTO follow_up_tags (tag_id, due_at, client_id, follow_up_id)
    SELECT ct.tag_id, new.due_at, new.client_id, new.id
    FROM client_tags ct JOIN clients c ON c.id = ct.client_id
    WHERE ct.client_id = new.client_id AND c.deleted_at IS NULL
      AND new.status = 'pending' AND new.deleted_at IS NULL;
END;

CREATE TRIGGER follow_up_tags_after_delete AFTER DELETE ON follow_ups BEGIN
    DELETE FROM follow_up_tags
    WHERE tag_id IN (SELECT tag_id FROM client_tags WHERE client_id = old.client_id)
      AND due_at = old.due_at AND client_id = old.client_id AND follow_up_id = old.id;
END;

-- A tag given to a client or taken away: the client's pending follow-ups follow.
CREATE TRIGGER follow_up_tags_after_link_insert AFTER INSERT ON client_tags
WHEN EXISTS (SELECT 1 FROM clients WHERE id = new.client_id AND deleted_at IS NULL) BEGIN
    INSERT OR IGNORE INTO follow_up_tags (tag_id, due_at, client_id, follow_up_id)
    SELECT new.tag_id, f.due_at, f.client_id, f.id FROM follow_ups f
    WHERE f.client_id = new.client_id AND f.status = 'pending' AND f.deleted_at IS NULL;
END;

CREATE TRIGGER follow_up_tags_after_link_delete AFTER DELETE ON client_tags BEGIN
    DELETE FROM follow_up_tags WHERE tag_id = old.tag_id AND client_id = old.client_id;
END;

CREATE TRIGGER follow_up_tags_after_link_update AFTER UPDATE ON client_tags BEGIN
    DELETE FROM follow_up_tags WHERE tag_id = old.tag_id AND client_id = old.client_id;
    INSERT OR IGNORE INTO follow_up_tags (tag_id, due_at, client_id, follow_up_id)
    SELECT new.tag_id, f.due_at, f.client_id, f.id FROM follow_ups f
    WHERE f.client_id = new.client_id AND f.status = 'pending' AND f.deleted_at IS NULL
      AND EXISTS (SELECT 1 FROM clients WHERE id = new.client_id AND deleted_at IS NULL);
END;

-- A client to the trash takes its rows out; back from it, puts them back.
CREATE TRIGGER follow_up_tags_after_client_trash AFTER UPDATE OF deleted_at ON clients
WHEN (old.deleted_at IS NULL) <> (new.deleted_at IS NULL) BEGIN
    DELETE FROM follow_up_tags
    WHERE tag_id IN (SELECT tag_id FROM client_tags WHERE client_id = new.id)
      AND client_id = new.id AND new.deleted_at IS NOT NULL;
    INSERT OR IGNORE INTO follow_up_tags (tag_id, due_at, client_id, follow_up_id)
    SELECT ct.tag_id, f.due_at, f.client_id, f.id
    FROM client_tags ct JOIN follow_ups f ON f.client_id = ct.client_id
    WHERE ct.client_id = new.id AND f.status = 'pending' AND f.deleted_at IS NULL
      AND new.deleted_at IS NULL;
END;

-- Deleting a live client (the app only deletes trashed ones, whose rows are gone already).
-- BEFORE, because its tag links and follow-ups are deleted with it (ON DELETE CASCADE), in an
-- order no AFTER trigger can rely on.
CREATE TRIGGER follow_up_tags_before_live_client_delete BEFORE DELETE ON clients
WHEN old.deleted_at IS NULL BEGIN
    DELETE FROM follow_up_tags
    WHERE tag_id IN (SELECT tag_id FROM client_tags WHERE client_id = old.id)
      AND client_id = old.id;
END;
