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

-- Keyset pagination: one index per sort order and per filter + name order, live clients only.
CREATE INDEX clients_by_name ON clients (sort_name, id) WHERE deleted_at IS NULL;
CREATE INDEX clients_by_updated ON clients (updated_at, id) WHERE deleted_at IS NULL;
CREATE INDEX clients_by_segment ON clients (segment_id, sort_name, id) WHERE deleted_at IS NULL;
CREATE INDEX clients_by_status ON clients (status, sort_name, id) WHERE deleted_at IS NULL;
CREATE INDEX clients_by_colour ON clients (colour, sort_name, id) WHERE deleted_at IS NULL;
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

-- Search: prefix match over name, contact people, phones, e-mail, tax id and city.
-- remove_diacritics 2 makes "Maria" find "María"; prefix indexes keep 1-3 letter searches fast.
CREATE VIRTUAL TABLE clients_fts USING fts5 (
    name, contacts, phones, email, tax_id, city,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '1 2 3'
);

-- Phones are indexed as written and as bare digits, so "612345" and "612 345" both match.
CREATE VIEW client_search_rows AS
SELECT c.seq AS seq,
       c.name AS name,
       coalesce((SELECT group_concat(
                     p.name || ' ' || coalesce(p.phone, '') || ' ' ||
                     replace(replace(replace(replace(replace(replace(coalesce(p.phone, ''),
                         ' ', ''), '-', ''), '.', ''), '(', ''), ')', ''), '+', '') || ' ' ||
                     coalesce(p.email, ''), ' ')
                 FROM contact_people p
                 WHERE p.client_id = c.id AND p.deleted_at IS NULL), '') AS contacts,
       trim(coalesce(c.phone, '') || ' ' || coalesce(c.whatsapp, '') || ' ' ||
            replace(replace(replace(replace(replace(replace(
                coalesce(c.phone, '') || ' ' || coalesce(c.whatsapp, ''),
                ' ', ''), '-', ''), '.', ''), '(', ''), ')', ''), '+', '')) AS phones,
       coalesce(c.email, '') AS email,
       coalesce(c.tax_id, '') || ' ' || coalesce(c.tax_id_key, '') AS tax_id,
       coalesce(c.city, '') AS city
FROM clients c;

CREATE TRIGGER clients_fts_after_insert AFTER INSERT ON clients BEGIN
    INSERT INTO clients_fts (rowid, name, contacts, phones, email, tax_id, city)
    SELECT seq, name, contacts, phones, email, tax_id, city FROM client_search_rows WHERE seq = new.seq;
END;

CREATE TRIGGER clients_fts_after_update
AFTER UPDATE OF name, phone, whatsapp, email, tax_id, tax_id_key, city ON clients BEGIN
    DELETE FROM clients_fts WHERE rowid = old.seq;
    INSERT INTO clients_fts (rowid, name, contacts, phones, email, tax_id, city)
    SELECT seq, name, contacts, phones, email, tax_id, city FROM client_search_rows WHERE seq = new.seq;
END;

CREATE TRIGGER clients_fts_after_delete AFTER DELETE ON clients BEGIN
    DELETE FROM clients_fts WHERE rowid = old.seq;
END;

CREATE TRIGGER contact_people_fts_after_insert AFTER INSERT ON contact_people BEGIN
    UPDATE clients_fts
    SET contacts = (SELECT contacts FROM client_search_rows r
                    WHERE r.seq = (SELECT seq FROM clients WHERE id = new.client_id))
    WHERE rowid = (SELECT seq FROM clients WHERE id = new.client_id);
END;

CREATE TRIGGER contact_people_fts_after_update AFTER UPDATE ON contact_people BEGIN
    UPDATE clients_fts
    SET contacts = (SELECT contacts FROM client_search_rows r
                    WHERE r.seq = (SELECT seq FROM clients WHERE id = new.client_id))
    WHERE rowid = (SELECT seq FROM clients WHERE id = new.client_id);
END;

CREATE TRIGGER contact_people_fts_after_delete AFTER DELETE ON contact_people BEGIN
    UPDATE clients_fts
    SET contacts = (SELECT contacts FROM client_search_rows r
                    WHERE r.seq = (SELECT seq FROM clients WHERE id = old.client_id))
    WHERE rowid = (SELECT seq FROM clients WHERE id = old.client_id);
END;

-- Small key/value settings (language, regime defaults later); values are JSON text.
CREATE TABLE settings (
    key         TEXT PRIMARY KEY NOT NULL,
    value       TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
