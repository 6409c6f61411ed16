"""Exit 0 when the PostgreSQL server of a database URL answers, 1 otherwise.

Used by `make test` to decide whether to run the suite on PostgreSQL::

    python -m gazette.core.dbcheck postgres://postgres@127.0.0.1:5432/gazette_test
"""

import sys

import dj_database_url


def reachable(url: str, timeout: int = 3) -> bool:
    import psycopg

    config = dj_database_url.parse(url)
    try:
        # The test database itself may not exist yet: the server's default
        # database is enough to know the server answers.
        with psycopg.connect(
            host=config["HOST"] or None,
            port=config["PORT"] or None,
            user=config["USER"] or None,
            password=config["PASSWORD"] or None,
            dbname="postgres",
            connect_timeout=timeout,
        ):
            return True
    except psycopg.Error:
        return False


if __name__ == "__main__":
    sys.exit(0 if reachable(sys.argv[1]) else 1)
