-- Clients, their contact people, segments and tags, the search index and settings.
-- Forward-only: never edit this file once landed; add 0002_*.sql instead.

CREATE TABLE segments (
    id          TEXT PRIMARY KEY NOT NULL,
    name        TEXT NOT NULL,
    -- lower-case, accent-free name: "Hostelería" and "hosteleria" are one segment
    name_key    TEXT NOT NULL UNIQUE,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted_at  TEXT
);

CREATE TABLE tags (
    id          TEXT PRIMARY KEY NOT NULL,
    name        TEXT NOT NULL,
    name_key    TEXT NOT NULL UNIQUE,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted_at  TEXT
);

CREATE TABLE clients (
    -- Stable integer key: the search index refers to it (a plain rowid may change on VACUUM).
    seq         INTEGER PRIMARY KEY,
    id          TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL CHECK (kind IN ('person', 'company')),
    name        TEXT NOT NULL CHECK (length(trim(name)) > 0),
    -- lower-case, accent-free name used for ordering and keyset pagination
    sort_name   TEXT NOT NULL,
    -- Every word search looks at (name, tax id, phones as typed and as bare digits, e-mail,
    -- city, contact people), folded like `sort_name`, deduplicated, each after one space:
    -- " ana lopez madrid". Written by the core (`text::SearchWords`); `clients_fts` indexes
    -- it, and a dense search checks it row by row with instr(). Kept before the long columns.
    search_words TEXT NOT NULL DEFAULT '',
    tax_id      TEXT,
    -- tax id without spaces, dots or dashes, upper-case: what "duplicate" means
    tax_id_key  TEXT,
    phone       TEXT,
    email       TEXT,
    whatsapp    TEXT,
    address     TEXT,
    city        TEXT,
    segment_id  TEXT REFERENCES segments (id) ON DELETE SET NULL,
    status      TEXT NOT NULL DEFAULT 'prospect'
                CHECK (status IN ('prospect', 'active', 'at_risk', 'in_review', 'former')),
    colour      TEXT NOT NULL DEFAULT 'none' CHECK (colour IN ('red', 'yellow', 'green', 'none')),
    profile     TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted_at  TEXT
);

-- Keyset pagination: one index per sort order and per filter + sort order, live clients only,
-- so a filtered page reads its rows in order instead of sorting a whole segment or colour.
-- The two plain orders also carry the search words: a dense search walks them checking each
-- client's words without reading the table (about 0.3 µs instead of 1.5 µs a client).
CREATE INDEX clients_by_name ON clients (sort_name, id, search_words) WHERE deleted_at IS NULL;
CREATE INDEX clients_by_updated ON clients (updated_at, id, search_words)
    WHERE deleted_at IS NULL;
CREATE INDEX clients_by_segment ON clients (segment_id, sort_name, id) WHERE deleted_at IS NULL;
CREATE INDEX clients_by_segment_updated ON clients (segment_id, updated_at, id)
    WHERE deleted_at IS NULL;
CREATE INDEX clients_by_status ON clients (status, sort_name, id) WHERE deleted_at IS NULL;
CREATE INDEX clients_by_status_updated ON clients (status, updated_at, id)
    WHERE deleted_at IS NULL;
CREATE INDEX clients_by_colour ON clients (colour, sort_name, id) WHERE deleted_at IS NULL;
CREATE INDEX clients_by_colour_updated ON clients (colour, updated_at, id)
    WHERE deleted_at IS NULL;
CREATE INDEX clients_in_trash ON clients (deleted_at, id) WHERE deleted_at IS NOT NULL;
-- A tax id belongs to one live client; a trashed client keeps its tax id but does not block it.
CREATE UNIQUE INDEX clients_tax_id_unique ON clients (tax_id_key)
    WHERE tax_id_key IS NOT NULL AND deleted_at IS NULL;

CREATE TABLE client_tags (
    client_id   TEXT NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    tag_id      TEXT NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    PRIMARY KEY (client_id, tag_id)
) WITHOUT ROWID;
CREATE INDEX client_tags_by_tag ON client_tags (tag_id, client_id);

CREATE TABLE contact_people (
    id          TEXT PRIMARY KEY NOT NULL,
    client_id   TEXT NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    name        TEXT NOT NULL CHECK (length(trim(name)) > 0),
    role        TEXT,
    phone       TEXT,
    email       TEXT,
    whatsapp    TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted_at  TEXT
);
CREATE INDEX contact_people_by_client ON contact_people (client_id, name) WHERE deleted_at IS NULL;

-- Search: prefix match on every word of `clients.search_words`, live clients only (a trashed
-- client leaves the index and comes back on restore, so a search's count is the index's count).
-- The core already folded and split the words, so the `ascii` tokenizer cuts exactly where the
-- core did (between words, at the single spaces) and a search term is always one token.
-- detail=none: only which clients contain a word is kept, no positions; columnsize=0: no
-- ranking, so no word counts; prefix indexes keep 1-3 letter searches fast. External content:
-- the words are stored once, in `clients`.
CREATE VIEW live_client_search_words AS
SELECT seq, search_words FROM clients WHERE deleted_at IS NULL;

CREATE VIRTUAL TABLE clients_fts USING fts5 (
    search_words,
    content = 'live_client_search_words',
    content_rowid = 'seq',
    tokenize = 'ascii',
    prefix = '1 2 3',
    detail = none,
    columnsize = 0
);

CREATE TRIGGER clients_fts_after_insert AFTER INSERT ON clients
WHEN new.deleted_at IS NULL BEGIN
    INSERT INTO clients_fts (rowid, search_words) VALUES (new.seq, new.search_words);
END;

CREATE TRIGGER clients_fts_after_update AFTER UPDATE OF search_words, deleted_at ON clients BEGIN
    INSERT INTO clients_fts (clients_fts, rowid, search_words)
    SELECT 'delete', old.seq, old.search_words WHERE old.deleted_at IS NULL;
    INSERT INTO clients_fts (rowid, search_words)
    SELECT new.seq, new.search_words WHERE new.deleted_at IS NULL;
END;

CREATE TRIGGER clients_fts_after_delete AFTER DELETE ON clients
WHEN old.deleted_at IS NULL BEGIN
    INSERT INTO clients_fts (clients_fts, rowid, search_words)
    VALUES ('delete', old.seq, old.search_words);
END;

-- Small key/value settings (language, regime defaults later); values are JSON text.
CREATE TABLE settings (
    key         TEXT PRIMARY KEY NOT NULL,
    value       TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
