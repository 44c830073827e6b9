"""Django's SQLite backend, plus ``PRAGMA optimize`` before each connection closes.

Settings use it for every SQLite database (``ENGINE = "registry.sqlite"``); see
registry/sqlite_stats.py for why.
"""

import logging
import sqlite3

from django.db.backends.sqlite3 import base

from .. import sqlite_stats

logger = logging.getLogger(__name__)


class DatabaseWrapper(base.DatabaseWrapper):
    def _close(self):
        # Inside a transaction the close would roll back whatever PRAGMA optimize wrote.
        if self.connection is not None and not self.in_atomic_block:
            try:
                sqlite_stats.optimize(self.connection)
            except sqlite3.Error as error:  # busy, read-only, damaged: still close
                logger.warning("PRAGMA optimize skipped: %s", error)
        super()._close()
