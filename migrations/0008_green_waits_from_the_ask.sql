-- A green client waits for the answer to what we asked (issue 8): the wait counts from our
-- last outbound contact, or from when the colour was set if that came later; a call *from*
-- the client is their answer, not a new question. Until now the clock was the last contact of
-- either direction, so a client who called back to answer stayed "esperando respuesta", with
-- the wait started over.
-- Forward-only: never edit this file once landed.

-- The client's last outbound interaction (what we asked, sent or offered), kept by the core
-- with `last_contact_at` when an interaction is logged.
ALTER TABLE clients ADD COLUMN last_outbound_at TEXT;

-- From the history: one pass over the interactions, grouped by client.
UPDATE clients SET last_outbound_at = asked.at
FROM (SELECT client_id, max(occurred_at) AS at FROM interactions
      WHERE direction = 'outbound' AND deleted_at IS NULL
      GROUP BY client_id) AS asked
WHERE asked.client_id = clients.id;

-- "Waiting for an answer": green clients by the day we asked, longest first (the list, the
-- morning digest's count and nothing else read it).
DROP INDEX IF EXISTS clients_green_waiting;
CREATE INDEX clients_green_asked
    ON clients (max(coalesce(last_outbound_at, ''), coalesce(colour_since, '')))
    WHERE colour = 'green' AND deleted_at IS NULL;
