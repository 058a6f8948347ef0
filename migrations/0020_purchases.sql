-- Purchases: what each client bought, when, for how much and how they paid (issue 9).
-- Forward-only: never edit this file once landed.

-- One purchase is one sale to one client on one day. Money is integer minor units of its
-- currency (ISO 4217, `money.rs`). A purchase sold on credit carries the date it falls due
-- (from the client's payment terms); the receivables of the money issue will point at the
-- purchase they come from (`receivables.purchase_id`), so this table needs no change for them.
CREATE TABLE purchases (
    id              TEXT PRIMARY KEY NOT NULL,
    client_id       TEXT NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    -- The calendar day of the sale, YYYY-MM-DD.
    purchased_on    TEXT NOT NULL CHECK (purchased_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    -- What was bought, in the owner's words (the lines may say it item by item).
    description     TEXT NOT NULL DEFAULT '',
    currency        TEXT NOT NULL CHECK (length(currency) = 3),
    -- The sum of the lines' amounts when there are lines; typed when there are none.
    total_minor     INTEGER NOT NULL CHECK (total_minor >= 0),
    payment_method  TEXT NOT NULL
                    CHECK (payment_method IN ('cash', 'transfer', 'card', 'cheque', 'other')),
    on_credit       INTEGER NOT NULL DEFAULT 0 CHECK (on_credit IN (0, 1)),
    credit_due_on   TEXT CHECK (credit_due_on IS NULL OR credit_due_on >= purchased_on),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    deleted_at      TEXT,
    CHECK ((on_credit = 1) = (credit_due_on IS NOT NULL))
);

-- A client's purchases, newest first, in keyset pages; the buying rhythm reads the same range.
CREATE INDEX purchases_by_client ON purchases (client_id, purchased_on, id)
    WHERE deleted_at IS NULL;
CREATE INDEX purchases_in_trash ON purchases (deleted_at, id) WHERE deleted_at IS NOT NULL;

-- The items of a purchase, in the order typed. Edited with their purchase as one whole.
CREATE TABLE purchase_lines (
    id                TEXT PRIMARY KEY NOT NULL,
    purchase_id       TEXT NOT NULL REFERENCES purchases (id) ON DELETE CASCADE,
    position          INTEGER NOT NULL CHECK (position >= 0),
    description       TEXT NOT NULL CHECK (length(trim(description)) > 0),
    -- A decimal as text ("1.5" kg): quantities are never summed in SQL.
    quantity          TEXT NOT NULL,
    unit_price_minor  INTEGER NOT NULL CHECK (unit_price_minor >= 0),
    -- quantity × unit price, rounded to the currency's units.
    amount_minor      INTEGER NOT NULL CHECK (amount_minor >= 0),
    created_at        TEXT NOT NULL,
    UNIQUE (purchase_id, position)
);

-- A client's own payment terms in days, overriding the setting's default; NULL = the default.
ALTER TABLE clients ADD COLUMN payment_terms_days INTEGER
    CHECK (payment_terms_days IS NULL OR payment_terms_days BETWEEN 0 AND 365);
