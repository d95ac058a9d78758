"""What an attacker with the database (but not the keys) could read: for tests that personal data is not
stored in clear text. Call it in a transactional test (`django_db(transaction=True)`): pg_dump reads only
what is committed."""

import sqlite3
import subprocess

from django.db import connection

from chengguan.ops import backup


def database_bytes(tmp_path) -> bytes:
    """The SQLite database file's bytes (an online copy of the test database), or a plain-text pg_dump of
    the PostgreSQL test database."""
    if connection.vendor == "postgresql":
        args, env = backup._pg_env()
        name = connection.settings_dict["NAME"]
        command = ["pg_dump", "--no-owner", *args, name]
        return subprocess.run(command, env=env, capture_output=True, check=True).stdout
    connection.ensure_connection()
    path = tmp_path / "copy.sqlite3"
    with sqlite3.connect(path) as copy:
        connection.connection.backup(copy)
    copy.close()
    return path.read_bytes()
