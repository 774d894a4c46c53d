"""Guards the faces call before they act: an output path that is the database, a new name that is a slip."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from openwatch.api.base import TrackerBase


@dataclass(frozen=True, slots=True)
class NameCheck:
    """Which tracked names a new company or model name is a near miss of (empty: none, or not new)."""

    company: str
    model: str | None
    company_near: list[str] = field(default_factory=list)
    model_near: list[str] = field(default_factory=list)
    model_company: str | None = None
    """The tracked company whose models ``model_near`` are."""

    @property
    def suspicious(self) -> bool:
        return bool(self.company_near or self.model_near)


class Guards(TrackerBase):
    def check_output_path(self, path: Path) -> None:
        """Refuse (``OpenwatchError``) to write ``path`` when it is this database or one of its files,
        by any name: a symbolic link, a hard link, a relative path."""
        from openwatch.store.paths import refuse_database_path

        refuse_database_path(path, self.path)

    def check_output_folder(self, folder: Path, names: list[str]) -> None:
        """The same for a writer of many files in ``folder`` (``site DIR``)."""
        from openwatch.store.paths import refuse_database_folder_files

        refuse_database_folder_files(folder, names, self.path)

    def name_check(self, company: str, model: str | None) -> NameCheck:
        """Near misses of a company (and model) about to be recorded: a tracked name
        that the new one looks like (Cyrillic ``Меta``) or nearly spells (``Metaa``).

        A name already tracked (by any spelling its key allows, or an alias) is no near miss.
        """
        from openwatch.core.matching import near_miss
        from openwatch.store.names import company_choices, find_company, find_model, model_names

        found = find_company(self.conn, company)
        if found is None:
            return NameCheck(company, model, company_near=near_miss(company, company_choices(self.conn)))
        if model is None or find_model(self.conn, found.id, model) is not None:
            return NameCheck(company, model)
        return NameCheck(
            company, model, model_near=near_miss(model, model_names(self.conn, found.id)), model_company=found.name
        )

    def refuse_near_miss(self, company: str, model: str | None) -> None:
        """Raise ``NearMissName`` (a usage error, exit 2) when a new name is a near miss of a tracked one."""
        from openwatch.core.matching import NearMissName

        check = self.name_check(company, model)
        if check.company_near:
            raise NearMissName("company", company, check.company_near)
        if check.model_near and model is not None:
            raise NearMissName("model", model, check.model_near)


def changes_saved() -> int:
    """How many write transactions this process has committed: a face that cannot
    write its output, or is interrupted, says whether the work itself was saved."""
    from openwatch.store.transactions import commit_count

    return commit_count()
