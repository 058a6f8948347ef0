"""Writes a database as the first released Cartera left it: migrations 0001 and 0002 applied
(user_version 2) and one client with a follow-up. Opening it upgrades it, and the upgrade
takes the pre-migration backup that the recovery screen can restore later.

usage: released-database.py DATABASE MIGRATIONS_DIR
"""
import sqlite3
import sys
from pathlib import Path

database, migrations = Path(sys.argv[1]), Path(sys.argv[2])
database.parent.mkdir(parents=True, exist_ok=True)
conn = sqlite3.connect(database)
for version, name in enumerate(["0001_clients.sql", "0002_follow_ups.sql"], start=1):
    conn.executescript((migrations / name).read_text(encoding="utf-8"))
    conn.execute(f"PRAGMA user_version = {version}")
conn.executescript(
    """
    INSERT INTO clients (id, kind, name, sort_name, search_words, phone, colour, status,
                         created_at, updated_at)
    VALUES ('0190c0de-0000-7000-8000-000000000001', 'company', 'Ferretería López',
            'ferreteria lopez', ' ferreteria lopez 612345678', '612 345 678', 'none', 'active',
            '2026-11-01T09:00:00Z', '2026-11-01T09:00:00Z');
    """
)
conn.commit()
conn.close()
