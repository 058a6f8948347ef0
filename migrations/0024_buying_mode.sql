-- How a client buys (issue 9): on their own initiative, only after a visit, or both. Typed by
-- the owner on the client's card; NULL until they say. Forward-only: never edit once landed.
ALTER TABLE clients ADD COLUMN buying_mode TEXT
    CHECK (buying_mode IS NULL OR buying_mode IN ('own_initiative', 'needs_visit', 'mixed'));
