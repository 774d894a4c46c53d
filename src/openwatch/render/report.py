"""A company report as the text of one file: Markdown, a self-contained HTML page, or the chart alone."""

from __future__ import annotations

from openwatch.render.view import CompanyView


def company_report(view: CompanyView, suffix: str) -> str:
    """The report as the text of a ``.md``, ``.html`` or ``.svg`` file (the SVG is the chart alone)."""
    if suffix == ".md":
        from openwatch.render.markdown import company_markdown

        return company_markdown(view)
    if suffix == ".svg":
        from openwatch.render.html import company_svg

        return company_svg(view, standalone=True) + "\n"
    if suffix == ".html":
        from openwatch.render.html import company_report_html

        return company_report_html(view)
    raise ValueError(f"no report format for {suffix!r}")
