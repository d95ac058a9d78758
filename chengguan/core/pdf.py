"""What every generated PDF shares: a Chinese font embedded in the file, and page numbers
("第 N 页 / 共 M 页").

The font is a TrueType CJK font found on the machine (`CHENGGUAN_PDF_FONT`, else Debian's
fonts-wqy-microhei, fonts-wqy-zenhei or fonts-arphic-uming), subset and embedded by reportlab, so the PDF
reads the same on any viewer. Without one, reportlab's built-in STSong-Light CID font is used: it needs no
file but is not embedded (the viewer substitutes its own Song font), and a warning is logged."""

import logging
from functools import cache
from pathlib import Path

from django.conf import settings
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

logger = logging.getLogger(__name__)

EMBEDDED = "ChengguanCJK"
BUILT_IN = "STSong-Light"
CANDIDATES = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
)


def font_file() -> Path | None:
    """The CJK TrueType font to embed, if the machine has one."""
    configured = getattr(settings, "CHENGGUAN_PDF_FONT", "") or ""
    for candidate in (configured, *CANDIDATES):
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    return None


@cache
def _register(path: str) -> str:
    if not path:
        logger.warning("No CJK TrueType font found: PDFs use the non-embedded STSong-Light font.")
        pdfmetrics.registerFont(UnicodeCIDFont(BUILT_IN))
        return BUILT_IN
    pdfmetrics.registerFont(TTFont(EMBEDDED, path, subfontIndex=0))
    return EMBEDDED


def cjk_font() -> str:
    """The registered name of the Chinese font for Paragraph styles and canvas strings."""
    path = font_file()
    return _register(str(path) if path else "")


def numbered_canvas(*, font_size: float = 9, bottom: float = 20):
    """A canvas class for `doc.build(..., canvasmaker=...)` that writes "第 N 页 / 共 M 页" centred at the
    foot of every page (the total is known only when the document ends, so pages are kept until then)."""
    font = cjk_font()

    class NumberedCanvas(canvas.Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages = []

        def showPage(self):  # noqa: N802 (reportlab's name)
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self.setFont(font, font_size)
                width = self._pagesize[0]
                self.drawCentredString(width / 2, bottom, f"第 {self._pageNumber} 页 / 共 {total} 页")
                super().showPage()
            super().save()

    return NumberedCanvas
