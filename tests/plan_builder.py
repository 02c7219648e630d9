"""Build small Documents straight from the model, as the layout stage would leave them.

Lets the extraction stages be tested on exact, hand-checked structure without any PDF.
"""
from __future__ import annotations

from pipeline.model import BBox, Block, Document, DocumentMeta, Page


def make_doc(pages: list[list[tuple]], *, doc_type: str = "samarbejdsplan", year: int = 2014,
             district: str = "Midt- og Vestsjællands Politi", doc_id: str = "d1") -> Document:
    """``pages`` holds per page a list of ("h", level, text) headings and ("p", text) paragraphs."""
    doc = Document(path=f"{doc_id}.pdf", sha256="0" * 64, doc_id=doc_id,
                   meta=DocumentMeta(doc_type=doc_type, year=year, district=district))
    for number, items in enumerate(pages, start=1):
        page = Page(number=number, width=595, height=842)
        texts = []
        for order, item in enumerate(items):
            if item[0] == "h":
                block = Block("heading", [], BBox(0, 0, 1, 1), number, text=item[2], level=item[1], order=order)
            else:
                block = Block("body", [], BBox(0, 0, 1, 1), number, text=item[1], order=order)
            page.blocks.append(block)
            texts.append(block.text)
        page.text = "\n\n".join(texts)
        doc.pages.append(page)
    return doc
