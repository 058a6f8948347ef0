-- The catalogue (issue 9): the products and services the owner sells, each in a category and
-- with an optional reference price; a purchase line may name one. The categories a client has
-- bought are read from their lines, never typed on the client. Forward-only: never edit once
-- landed.

CREATE TABLE categories (
    id          TEXT PRIMARY KEY NOT NULL,
    name        TEXT NOT NULL,
    -- Lower-case, accent-free name: "Pinturas" and "pinturas" are one category.
    name_key    TEXT NOT NULL UNIQUE,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

CREATE TABLE catalogue_items (
    id           TEXT PRIMARY KEY NOT NULL,
    name         TEXT NOT NULL CHECK (length(trim(name)) > 0),
    name_key     TEXT NOT NULL UNIQUE,
    kind         TEXT NOT NULL CHECK (kind IN ('product', 'service')),
    category_id  TEXT REFERENCES categories (id) ON DELETE SET NULL,
    -- A reference price in minor units of its currency (money.rs); both or neither.
    price_minor  INTEGER CHECK (price_minor IS NULL OR price_minor >= 0),
    currency     TEXT CHECK (currency IS NULL OR length(currency) = 3),
    -- Withdrawn from sale: no longer offered on new lines, still named on the old ones.
    archived_at  TEXT,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    CHECK ((price_minor IS NULL) = (currency IS NULL))
);

-- The catalogue as the screen and the purchase form list it: by category, then name.
CREATE INDEX catalogue_items_by_category ON catalogue_items (category_id, name_key);

-- The catalogue item a line is of; NULL for a line typed freely (and for every line before
-- this migration). The line keeps its own description and price either way.
ALTER TABLE purchase_lines ADD COLUMN catalogue_item_id TEXT
    REFERENCES catalogue_items (id) ON DELETE SET NULL;
CREATE INDEX purchase_lines_by_item ON purchase_lines (catalogue_item_id)
    WHERE catalogue_item_id IS NOT NULL;
