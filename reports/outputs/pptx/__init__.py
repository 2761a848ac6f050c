"""The report as a 16:9 slide deck: native charts and tables, every text editable, in the
document's language and branded for its organisation (the colour, logo and footer live on
the slide layouts, so that each is one place to edit)."""

from __future__ import annotations

import io

from django.utils import translation

from reports.documents.model import Document
from reports.outputs.pptx.findings import dimension_slides, level_slides
from reports.outputs.pptx.master import drop_unused_layouts, new_context
from reports.outputs.pptx.overview import bars_slide, cover_slide, summary_slide
from reports.outputs.pptx.roadmap import roadmap_slides

__all__ = ["render_pptx"]


def render_pptx(document: Document) -> bytes:
    """The document as a PPTX deck: cover, summary with the radar, the bars, a slide per
    dimension (continuous) or level (staged), and the roadmap."""
    with translation.override(document.language):
        context = new_context(document)
        cover_slide(context)
        summary_slide(context)
        bars_slide(context)
        for dimension in document.dimensions:
            dimension_slides(context, dimension)
        for level in document.levels:
            level_slides(context, level)
        roadmap_slides(context)
        drop_unused_layouts(context.deck)
        out = io.BytesIO()
        context.deck.save(out)
    return out.getvalue()
