"""The report as HTML and as PDF (WeasyPrint), with nothing fetched over the network.

Stylesheets come from the static files on disk, fonts from the system (DejaVu), charts are
inline SVG; any other URL the document names is refused. WeasyPrint is imported when the
first PDF is made, not with this module: the import takes about 0.4 s (`python -X importtime
manage.py check`), which a process that never makes a PDF should not pay.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import logging
import mimetypes
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from assessments.selectors import Assessment
from reports.documents import Comparison, Report, comparison_context, report_context
from reports.documents.model import Brand

if TYPE_CHECKING:
    from weasyprint import CSS
    from weasyprint.urls import URLFetcher

Paper = Literal["a4", "letter"]
Mode = Literal["pdf", "preview", "standalone"]
PAPERS: dict[str, str] = {"a4": "A4", "letter": "letter"}
REPORT_TEMPLATE = "reports/report/report.html"
COMPARISON_TEMPLATE = "reports/report/comparison.html"
STYLESHEET = "css/report.css"
PHONE_STYLESHEET = "css/report-phone.css"  # the preview on a phone; never the PDF's


# matplotlib's SVG sets these in style attributes. WeasyPrint checks the style attributes
# of inline SVG against HTML's properties and warns about each one, though its SVG
# renderer then applies them: dozens of false warnings per chart.
SVG_PROPERTIES = frozenset(
    ("fill", "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-linecap",
     "stroke-linejoin", "stroke-dasharray", "stroke-dashoffset", "stroke-opacity",
     "stroke-miterlimit", "text-anchor", "dominant-baseline", "clip-rule")
)  # fmt: skip


class InlineSvgStyles(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args if isinstance(record.args, tuple) else ()
        ignored = str(record.msg).startswith("Ignored `%s:%s`") and bool(args)
        return not (ignored and args[0] in SVG_PROPERTIES)


logging.getLogger("weasyprint").addFilter(InlineSvgStyles())
# Each rendering step is announced at INFO: a dozen lines per PDF in the server's log.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


@functools.cache
def fetcher() -> URLFetcher:
    """The reports' URL fetcher. Made on first use: a fetcher subclasses WeasyPrint's
    URLFetcher, so defining it imports WeasyPrint."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFilesFetcher(URLFetcher):
        """Serves /static/ URLs from the files Django's static finders know; refuses the rest."""

        def __init__(self) -> None:
            # URLFetcher would set up HTTP(S) openers and an SSL context (about 30 ms) that
            # this fetcher never uses.
            self._fail_on_errors = False

        def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
            from reports.branding import png_from_data_uri

            # The brand's logo, inside the page (only a real PNG in a data: URI).
            if (png := png_from_data_uri(url)) is not None:
                return URLFetcherResponse(url, png, {"Content-Type": "image/png"})
            path = static_file(url)
            if path is None:
                raise ValueError(f"The report loads only the app's static files, not {url}")
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})

    return StaticFilesFetcher()


def static_file(url: str) -> Path | None:
    """The file behind a static URL (resolved against the file base URL), or None."""
    parts = urlsplit(url)
    prefix = urlsplit(settings.STATIC_URL).path
    prefix = prefix if prefix.startswith("/") else f"/{prefix}"
    if parts.scheme != "file" or parts.netloc or not parts.path.startswith(prefix):
        return None
    return static_path(unquote(parts.path.removeprefix(prefix)))


def static_path(name: str) -> Path | None:
    """A static file by its name, from the app's static folders or the collected files."""
    if ".." in Path(name).parts:
        return None
    found = finders.find(name)
    if isinstance(found, str):
        return Path(found)
    # Without DEBUG, {% static %} names the collected, hashed copy.
    if staticfiles_storage.exists(name):
        return Path(staticfiles_storage.path(name))
    return None


def page_css(paper: str) -> str:
    """The @page rules that depend on the request: paper size and the translated footer."""
    counters = {"%(page)s": "counter(page)", "%(pages)s": "counter(pages)"}
    parts = re.split(r"(%\(pages?\)s)", _("Page %(page)s of %(pages)s"))
    content = " ".join(counters.get(part) or _css_string(part) for part in parts if part)
    return f"@page {{ size: {PAPERS[paper]}; @bottom-right {{ content: {content}; }} }}"


def _css_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\a ")
    return f'"{escaped}"'


def stylesheet_path(name: str = STYLESHEET) -> Path:
    path = static_path(name)
    if path is None:
        raise FileNotFoundError(name)
    return path


def stylesheets() -> list[CSS]:
    """The report's stylesheet, parsed once per process: parsing it takes about a tenth of
    a report's rendering time. An edited file is parsed again."""
    path = stylesheet_path()
    return [_parsed_file(path, path.stat().st_mtime_ns)]


@functools.lru_cache(maxsize=4)
def _parsed_file(path: Path, _modified: int) -> CSS:
    from weasyprint import CSS

    return CSS(filename=str(path), url_fetcher=fetcher())


def render_html(template: str, context: dict[str, Any], *, mode: Mode = "pdf") -> str:
    """The HTML of a report, in the active language. Its stylesheet: none for the PDF
    (`html_to_pdf` adds it), linked for the preview, inside the page for a standalone file.
    The page rules (paper, translated footer) are inside the page in every mode, so that
    the PDF's footer is in the document's language, whatever language turns it into a PDF."""
    paper = context.get("paper", "a4")
    return render_to_string(
        template,
        {
            **context,
            "mode": mode,
            "page_css": page_css(paper),
            "stylesheet": stylesheet_path().read_text() if mode == "standalone" else "",
            "phone_stylesheet": (
                stylesheet_path(PHONE_STYLESHEET).read_text() if mode == "standalone" else ""
            ),
        },
    )


def html_to_pdf(html: str) -> bytes:
    """The PDF of a report's HTML; its paper size and footer are in the HTML."""
    from weasyprint import HTML

    base_url = Path(settings.BASE_DIR).as_uri() + "/"
    with young_garbage_collected():
        document = HTML(string=html, base_url=base_url, url_fetcher=fetcher())
        return document.write_pdf(stylesheets=stylesheets())


@contextlib.contextmanager
def young_garbage_collected() -> Iterator[None]:
    """Rendering leaves some 75,000 objects in reference cycles. Left to the automatic
    collector they grow old during the render, and every other report pays for a full
    collection of the process (about 0.25 s here); collected young, right after, they
    cost about 0.08 s."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.collect(1)
        if enabled:
            gc.enable()


def report_document(
    assessment: Assessment,
    *,
    paper: Paper = "a4",
    among: QuerySet[Assessment] | None = None,
    mode: Mode = "pdf",
    language: str | None = None,
    brand: Brand | None = None,
) -> tuple[str, Report]:
    """The report's HTML and what it shows, in the assessment's language (or `language`):
    the headings, the chart labels, the dates and the footer alike. `among` limits where
    the previous assessment is looked for (the assessments the reader may see). Branded
    for the assessment's organisation, or with `brand`."""
    from reports.branding import brand_for, page_branding

    with translation.override(language or assessment.language):
        report = report_context(assessment, among=among)
        brand = brand if brand is not None else brand_for(assessment.organization)
        context = {
            "report": report, "paper": paper, "brand": brand, "branding": page_branding(brand),
        }  # fmt: skip
        return render_html(REPORT_TEMPLATE, context, mode=mode), report


def report_pdf(
    assessment: Assessment,
    *,
    paper: Paper = "a4",
    among: QuerySet[Assessment] | None = None,
    language: str | None = None,
    brand: Brand | None = None,
) -> bytes:
    html, _report = report_document(
        assessment, paper=paper, among=among, language=language, brand=brand
    )
    return html_to_pdf(html)


def comparison_language(assessments: list[Assessment]) -> str:
    """A comparison is written in the language of the assessment it starts from (the
    first), whose report it sits beside."""
    return assessments[0].language


def comparison_document(
    assessments: list[Assessment],
    *,
    paper: Paper = "a4",
    mode: Mode = "pdf",
    links: dict[str, str] | None = None,
) -> tuple[str, Comparison]:
    """`links` are the preview's: back to the `results`, and the `pdf`."""
    with translation.override(comparison_language(assessments)):
        comparison = comparison_context(assessments)
        context = {"comparison": comparison, "paper": paper, "links": links or {}}
        return render_html(COMPARISON_TEMPLATE, context, mode=mode), comparison


def comparison_pdf(assessments: list[Assessment], *, paper: Paper = "a4") -> bytes:
    html, _comparison = comparison_document(assessments, paper=paper)
    return html_to_pdf(html)
