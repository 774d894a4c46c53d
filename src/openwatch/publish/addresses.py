"""Where things live on the site: a company's file name, its pages, a claim's address.

A leaf of publish/: the site builder and the feeds both link to claims on
the site, and both read these rules from here.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable

from openwatch.render.view import claim_anchor

_SIMPLE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def slug(name: str) -> str:
    """A file name for a company: ``Mistral AI`` -> ``mistral-ai``.

    Names that do not reduce to plain letters and digits (``Zhipu.AI``,
    ``智谱``) keep what they can and add a short hash of the name, so two
    companies never share a file and a name always gets the same one.
    """
    plain = re.sub(r"[\s_-]+", "-", name.strip().casefold())
    if _SIMPLE.fullmatch(plain):
        return plain
    kept = "-".join(re.findall(r"[a-z0-9]+", plain))[:40]
    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]
    return f"{kept}-{digest}" if kept else f"c-{digest}"


def page_file(company_slug: str, number: int) -> str:
    return f"{company_slug}.html" if number == 1 else f"{company_slug}-{number}.html"


class ClaimHrefs:
    """Where each of a company's claims is, from one of its pages."""

    def __init__(self, company_slug: str, page_of: dict[str, int]) -> None:
        self.company_slug, self.page_of = company_slug, page_of

    def on_page(self, current: int) -> Callable[[str], str]:
        def href(claim_id: str) -> str:
            number = self.page_of.get(claim_id, 1)
            here = "" if number == current else page_file(self.company_slug, number)
            return here + "#claim-" + claim_anchor(claim_id)

        return href


def site_claim_href(company_slug: str, page_of: dict[str, int], claim_id: str) -> str:
    """A claim's address from the site's root."""
    return f"companies/{page_file(company_slug, page_of.get(claim_id, 1))}#claim-{claim_anchor(claim_id)}"
