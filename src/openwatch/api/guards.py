"""Guards the faces call before they act: an output path that is the database."""

from __future__ import annotations

from pathlib import Path

from openwatch.api.base import TrackerBase


class Guards(TrackerBase):
    def check_output_path(self, path: Path) -> None:
        """Refuse (``OpenwatchError``) to write ``path`` when it is this database or one of its files,
        by any name: a symbolic link, a hard link, a relative path."""
        from openwatch.store.paths import refuse_database_path

        refuse_database_path(path, self.path)
