-- Late to buy, kept (issue 9): each client's buying rhythm as of their purchases, so the
-- agenda finds the clients late to buy from one index instead of reading every purchase.
-- Forward-only: never edit this file once landed.

-- One row per client with a rhythm (three buying days or more), written by every purchase
-- write in the same transaction (`purchases/late.rs`) and rebuilt whole from the purchases
-- when asked (below, and `late::rebuild`). `late_from` is the first day the client is late:
-- the last purchase, plus the median gap, plus the tolerance of the settings, plus one; new
-- tolerance settings work it out again from the two columns before it.
CREATE TABLE buying_rhythms (
    client_id         TEXT PRIMARY KEY NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    last_purchase_on  TEXT NOT NULL,
    median_days       INTEGER NOT NULL CHECK (median_days >= 0),
    late_from         TEXT NOT NULL CHECK (late_from > last_purchase_on),
    -- The agenda's item is out of sight before this day (the user snoozed it).
    snoozed_until     TEXT,
    -- The agenda's item was dismissed while the last purchase was this one: dismissed "until
    -- the next purchase", which a new `last_purchase_on` makes stale without a write.
    dismissed_for     TEXT,
    -- 1 while the client is one the agenda chases: outside the trash and not a former client.
    -- Copied from the client (below) so that the agenda counts its late clients from the
    -- index alone: with 20,000 of them, a look at each client's row took 35 ms.
    chased            INTEGER NOT NULL DEFAULT 1 CHECK (chased IN (0, 1))
) WITHOUT ROWID;

-- The clients late as of a day, the longest late first, with all the agenda checks: the list
-- and its count read nothing else.
CREATE INDEX buying_rhythms_late
    ON buying_rhythms (late_from, client_id, snoozed_until, dismissed_for, last_purchase_on)
    WHERE chased = 1;

-- `chased` follows the client: set when the rhythm is first written, and again whenever the
-- client goes to the trash, comes back, becomes a former client or stops being one.
CREATE TRIGGER buying_rhythms_chased_at_first AFTER INSERT ON buying_rhythms
BEGIN
    UPDATE buying_rhythms
    SET chased = (SELECT deleted_at IS NULL AND status <> 'former' FROM clients
                  WHERE id = new.client_id)
    WHERE client_id = new.client_id;
END;

CREATE TRIGGER buying_rhythms_chased_follows_client AFTER UPDATE OF status, deleted_at ON clients
WHEN (old.deleted_at IS NULL AND old.status <> 'former')
     IS NOT (new.deleted_at IS NULL AND new.status <> 'former')
BEGIN
    UPDATE buying_rhythms SET chased = (new.deleted_at IS NULL AND new.status <> 'former')
    WHERE client_id = new.id;
END;

-- Databases that already hold purchases get their rhythms from them when next opened: the
-- rhythm is a rule of the code (the median, the tolerance), not of SQL.
INSERT INTO settings (key, value, updated_at)
SELECT 'rebuild_buying_rhythms', 'true', strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
WHERE EXISTS (SELECT 1 FROM purchases);
