-- The agenda filtered by city, and the list of cities to choose from (issue 8).
-- Forward-only: never edit this file once landed.

-- The city filter reads the live clients of one city as a set of ids, and the city menu
-- groups the live clients by city: both read this index alone instead of every client.
CREATE INDEX clients_by_city ON clients (city, id) WHERE deleted_at IS NULL AND city IS NOT NULL;

-- Agenda items carry their client's city (the day's visits are grouped by it): the index the
-- series drawn ahead read their clients from carries it too, so it still answers alone.
DROP INDEX IF EXISTS clients_for_agenda;
CREATE INDEX clients_for_agenda ON clients (id, colour, name, city) WHERE deleted_at IS NULL;
