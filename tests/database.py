"""Helpers for tests that cut or restart the test database's connections (PostgreSQL)."""

from django.db import connection


def side_connection(dbname: str | None = None):
    """A psycopg connection of its own (autocommit) to the test database's server, outside
    Django's: to cut Django's connections from the server's side, as a restart does."""
    import psycopg

    settings = connection.settings_dict
    return psycopg.connect(
        dbname=dbname or settings["NAME"],
        host=settings["HOST"] or "127.0.0.1",
        port=settings["PORT"] or 5432,
        user=settings["USER"] or "postgres",
        password=settings["PASSWORD"] or None,
        autocommit=True,
    )
