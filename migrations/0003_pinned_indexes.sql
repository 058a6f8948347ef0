-- Every index a query pins (`INDEXED BY`) or is planned around, created again here so that
-- every database has it in the shape the queries expect, whichever build made the file:
-- 0001 and 0002 were edited before the first release, and a file made by an earlier build
-- lacks these indexes or holds an older shape of them. Cheap on a current file (the two
-- `IF NOT EXISTS` do nothing); the one rebuild runs once, after the pre-upgrade backup.
DROP INDEX IF EXISTS follow_ups_pending;
CREATE INDEX follow_ups_pending ON follow_ups (due_at, client_id)
    WHERE status = 'pending' AND deleted_at IS NULL;
CREATE INDEX IF NOT EXISTS clients_for_agenda ON clients (id, colour, name)
    WHERE deleted_at IS NULL;
CREATE INDEX IF NOT EXISTS clients_green_waiting
    ON clients (max(coalesce(last_contact_at, ''), coalesce(colour_since, '')))
    WHERE colour = 'green' AND deleted_at IS NULL;
