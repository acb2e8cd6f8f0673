"""nbconvert exporters for handouts, registered under the `nbconvert.exporters` entry points.

    jupyter nbconvert --to readinglist-handout NB.ipynb    one self-contained HTML file
    jupyter nbconvert --to readinglist-slides NB.ipynb     reveal.js slides, inlined, offline
    jupyter nbconvert --to readinglist-markdown NB.ipynb   Markdown with images beside it
    jupyter nbconvert --to readinglist-pdf NB.ipynb        the HTML handout printed by Chromium

Each is nbconvert's own exporter class with our template folder (`templates/`) and safer
defaults: code inputs hidden (a handout is for readers), no anchor links, only image,
HTML, Markdown and text outputs rendered (no JavaScript, widget state, SVG or LaTeX), math in
the text typeset as MathML (`mathml.py`; no script), every rendered HTML fragment cleaned with
an allow-list (`clean.py`), no image read from disk. Markdown keeps math as `$...$` text.
"""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path
from typing import Any

import markupsafe
from nbconvert.exporters import HTMLExporter, MarkdownExporter, TemplateExporter
from nbconvert.filters.highlight import Highlight2HTML
from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter
from nbconvert.preprocessors import Preprocessor
from traitlets import Enum, default
from traitlets.config import Config

from ..mathml import typeset_html
from .clean import clean_html
from .pdf import html_to_pdf

TEMPLATES = Path(__file__).resolve().parent / "templates"
REVEAL = TEMPLATES / "readinglist-slides" / "reveal"
# What a handout renders, best first. JavaScript, widget views, SVG and LaTeX are left out.
OUTPUT_PRIORITY = ["image/png", "image/jpeg", "text/html", "text/markdown", "text/plain"]
PAGE_SIZES = {"a4": "A4", "letter": "letter"}  # --paper -> CSS @page size
_SAFE_CLASS_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-_")


class SafeOutputsPreprocessor(Preprocessor):
    """Drop what a handout must never carry: embedded widget state, script outputs, SVG."""

    def preprocess(self, nb, resources):
        nb.metadata.pop("widgets", None)
        for cell in nb.cells:
            for output in cell.get("outputs", ()):
                data = output.get("data")
                if data is not None:
                    for mime in [m for m in data if m not in OUTPUT_PRIORITY]:
                        del data[mime]
        return nb, resources


def css_classes(tags: Any) -> str:
    """Cell tags usable as CSS classes (lower-case letters, digits, - and _ only)."""
    if not isinstance(tags, (list, tuple)):
        return ""
    return " ".join(t for t in tags if isinstance(t, str) and t and set(t) <= _SAFE_CLASS_CHARS)


def _config(**sections: dict[str, Any]) -> Config:
    config = Config()
    for name, values in sections.items():
        for key, value in values.items():
            config[name][key] = value
    return config


class HandoutHTMLExporter(HTMLExporter):
    """A handout as one HTML file: no script, no CDN, no external file; printable."""

    export_from_notebook = "Reading-list handout (HTML)"

    @default("template_name")
    def _template_name_default(self) -> str:
        return "readinglist-handout"

    @default("extra_template_basedirs")
    def _extra_template_basedirs_default(self) -> list[str]:
        return [str(TEMPLATES)]

    @default("exclude_input")
    def _exclude_input_default(self) -> bool:
        return True

    @default("exclude_input_prompt")
    def _exclude_input_prompt_default(self) -> bool:
        return True

    @default("exclude_output_prompt")
    def _exclude_output_prompt_default(self) -> bool:
        return True

    @default("exclude_anchor_links")
    def _exclude_anchor_links_default(self) -> bool:
        return True

    @default("optimistic_validation")
    def _optimistic_validation_default(self) -> bool:
        return True  # validate once after all preprocessors, not after each

    paper = Enum(list(PAGE_SIZES), default_value="a4", help="The page size when printed: a4 or letter.").tag(config=True)

    @property
    def default_config(self) -> Config:
        config = super().default_config
        config.merge(_config(NbConvertBase={"display_data_priority": list(OUTPUT_PRIORITY)}))
        return config

    def _init_resources(self, resources):
        resources = super()._init_resources(resources)
        # `rl_paper` in the resources (one export) wins over the trait (the exporter's setting).
        resources["rl_page_size"] = PAGE_SIZES[resources.get("rl_paper") or self.paper]
        return resources

    def default_filters(self):
        yield from super().default_filters()
        yield ("rl_clean", lambda html: markupsafe.Markup(clean_html(str(html))))
        yield ("rl_math", lambda html: typeset_html(str(html)))
        yield ("rl_classes", css_classes)

    def from_notebook_node(self, nb, resources=None, **kw):
        # HTMLExporter's version, less its final BeautifulSoup pass over the whole page
        # (alt texts and tabindex for prompts we do not show), which costs ~1 s a 1,000 papers.
        langinfo = nb.metadata.get("language_info", {})
        lexer = langinfo.get("pygments_lexer", langinfo.get("name", None))
        self.register_filter("highlight_code", self.filters.get("highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self)))
        resources = self._init_resources(resources)
        self.register_filter(
            "filter_data_type", WidgetsDataTypeFilter(notebook_metadata=self._nb_metadata, parent=self, resources=resources)
        )
        return TemplateExporter.from_notebook_node(self, nb, resources, **kw)


def _script_csp(*scripts: str) -> str:
    return " ".join(f"'sha256-{base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()}'" for s in scripts)


REVEAL_INIT = (
    "Reveal.initialize({hash: true, width: 1200, height: 860, margin: 0.04, center: true, "
    "transition: 'none', controls: true, progress: true, slideNumber: 'c/t'});"
)


class HandoutSlidesExporter(HandoutHTMLExporter):
    """Slides with reveal.js inlined (one file, works offline): a title slide, a slide per paper."""

    export_from_notebook = "Reading-list slides (reveal.js)"

    @default("template_name")
    def _template_name_default(self) -> str:
        return "readinglist-slides"

    @default("file_extension")
    def _file_extension_default(self) -> str:
        return ".slides.html"

    @default("template_extension")
    def _template_extension_default(self) -> str:
        return ".html.j2"

    def _init_resources(self, resources):
        resources = super()._init_resources(resources)
        reveal_js = (REVEAL / "reveal.js").read_text(encoding="utf-8")
        resources["rl_reveal_js"] = markupsafe.Markup(reveal_js)
        resources["rl_reveal_init"] = markupsafe.Markup(REVEAL_INIT)
        # Only these two scripts may run: a script injected into the page would have no hash.
        resources["rl_script_hashes"] = markupsafe.Markup(_script_csp(reveal_js, REVEAL_INIT))
        return resources


class HandoutMarkdownExporter(MarkdownExporter):
    """Markdown that renders on GitHub; images are returned in resources["outputs"]."""

    export_from_notebook = "Reading-list handout (Markdown)"

    @default("template_name")
    def _template_name_default(self) -> str:
        return "readinglist-markdown"

    @default("extra_template_basedirs")
    def _extra_template_basedirs_default(self) -> list[str]:
        return [str(TEMPLATES)]

    @default("exclude_input")
    def _exclude_input_default(self) -> bool:
        return True

    @default("optimistic_validation")
    def _optimistic_validation_default(self) -> bool:
        return True

    @property
    def default_config(self) -> Config:
        config = super().default_config
        config.merge(_config(NbConvertBase={"display_data_priority": list(OUTPUT_PRIORITY)}))
        return config

    def default_filters(self):
        yield from super().default_filters()
        yield ("rl_clean", lambda html: clean_html(str(html)))
        yield ("rl_alt", _alt_text)


def _alt_text(text: Any) -> str:
    from .text import md_text

    return md_text(str(text or "image"))[:200]


class HandoutPDFExporter(HandoutHTMLExporter):
    """The HTML handout printed to PDF by Debian's Chromium (`--print-to-pdf`)."""

    export_from_notebook = "Reading-list handout (PDF)"
    output_mimetype = "application/pdf"

    @default("template_name")
    def _template_name_default(self) -> str:
        return "readinglist-pdf"

    @default("file_extension")
    def _file_extension_default(self) -> str:
        return ".pdf"

    @default("template_extension")
    def _template_extension_default(self) -> str:
        return ".html.j2"

    def from_notebook_node(self, nb, resources=None, **kw):
        html, resources = super().from_notebook_node(nb, resources, **kw)
        resources["output_extension"] = ".pdf"
        return html_to_pdf(html), resources
