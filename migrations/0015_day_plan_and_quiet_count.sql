-- The day plan and the "not contacted" count at any size (issue 8).
-- Forward-only: never edit this file once landed.

-- The day plan moves only all-day items (a time was agreed with someone), so it reads the end
-- of the day's all-day order. From the pending index it read every item of the day to find
-- the all-day ones (3.6 ms for a day of 3,000 timed items and none to move at 100,000
-- clients); here the day's all-day items are one range, with what the day plan filters on.
CREATE INDEX follow_ups_pending_all_day ON follow_ups (due_at, client_colour, action, client_id)
    WHERE status = 'pending' AND deleted_at IS NULL AND due_time IS NULL;

-- "Sin contacto en N días" counts the live clients (but former ones) never contacted or last
-- contacted before a cutoff that moves every day: 74,000 entries of clients_by_last_contact
-- read at 100,000 clients (6 ms). Kept here instead, per UTC day of the last contact ('' for
-- never), by triggers so that no write path can forget it: the count sums a few hundred rows,
-- then counts the clients of the cutoff's own day before the cutoff in the index.
CREATE TABLE contact_days (
    day     TEXT PRIMARY KEY NOT NULL,
    clients INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

INSERT INTO contact_days (day, clients)
SELECT coalesce(substr(last_contact_at, 1, 10), ''), count(*)
FROM clients
WHERE deleted_at IS NULL AND status <> 'former'
GROUP BY 1;

CREATE TRIGGER contact_days_after_client_insert AFTER INSERT ON clients
WHEN new.deleted_at IS NULL AND new.status <> 'former' BEGIN
    INSERT INTO contact_days (day, clients)
    VALUES (coalesce(substr(new.last_contact_at, 1, 10), ''), 1)
    ON CONFLICT (day) DO UPDATE SET clients = clients + 1;
END;

CREATE TRIGGER contact_days_after_client_update
AFTER UPDATE OF last_contact_at, status, deleted_at ON clients
WHEN old.last_contact_at IS NOT new.last_contact_at OR old.status IS NOT new.status
  OR old.deleted_at IS NOT new.deleted_at BEGIN
    UPDATE contact_days SET clients = clients - 1
    WHERE day = coalesce(substr(old.last_contact_at, 1, 10), '')
      AND old.deleted_at IS NULL AND old.status <> 'former';
    INSERT INTO contact_days (day, clients)
    SELECT coalesce(substr(new.last_contact_at, 1, 10), ''), 1
    WHERE new.deleted_at IS NULL AND new.status <> 'former'
    ON CONFLICT (day) DO UPDATE SET clients = clients + 1;
END;

CREATE TRIGGER contact_days_before_client_delete BEFORE DELETE ON clients
WHEN old.deleted_at IS NULL AND old.status <> 'former' BEGIN
    UPDATE contact_days SET clients = clients - 1
    WHERE day = coalesce(substr(old.last_contact_at, 1, 10), '');
END;
