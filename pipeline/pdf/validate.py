"""Check that a file is a readable PDF before any stage touches it, and say in ONE line why not.

pdfplumber (pdfminer) is the reader of the pipeline, but it is a poor judge of broken input:
empty, random, HTML and image files all give "No /Root object", an encrypted file raises an
exception with an EMPTY message, and a file with a damaged cross-reference table opens as
0 pages WITHOUT any error. So the checks here look at the bytes first and ask pypdfium2/pypdf
(which repair xref tables) for a second opinion.

Decision on damaged xref tables: when pdfplumber sees 0 (or fewer) pages but pdfium finds them,
we REPAIR instead of failing: pdfium rewrites the file (fresh xref) into memory and pdfplumber
reads that copy. The document carries the warning "damaged cross-reference table: repaired ...",
so the user knows. "0 pages" never passes silently: if nobody finds a page the file fails.
"""
from __future__ import annotations

import io
import logging
import re
import zlib
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Optional

import pdfplumber

from pipeline.datafiles import load
from pipeline.model import DocumentError

# The PDF spec lets junk precede the header; Acrobat looks at the first 1024 bytes.
_HEADER_WINDOW = 1024
ENCRYPTED = "encrypted (password protected)"

_MAGIC = [  # (prefix, what the file looks like)
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"PK\x03\x04", "a ZIP archive (e.g. a Word .docx)"),
    (b"\xd0\xcf\x11\xe0", "an old Office document (.doc/.xls)"),
    (b"{\\rtf", "an RTF document"),
]


@dataclass
class PdfCheck:
    """What the checks found: page count and, for a damaged xref, a repaired copy of the bytes."""
    n_pages: int
    repaired: Optional[bytes] = None
    warnings: list[str] = field(default_factory=list)


def describe_non_pdf(head: bytes) -> str:
    """What a file without a %PDF- header looks like, for the error line."""
    if not head:
        return "empty file (0 bytes)"
    for magic, label in _MAGIC:
        if head.startswith(magic):
            return f"looks like {label}"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<!doctype html", b"<html", b"<head", b"<body")) or b"<html" in text[:512]:
        return "looks like an HTML page"
    if text.startswith(b"<?xml") or text.startswith(b"<"):
        return "looks like XML/markup text"
    if _printable_ratio(head) > 0.95:
        return "looks like plain text"
    return "random/binary bytes"


def _printable_ratio(data: bytes) -> float:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return 0.0
    return sum(ch.isprintable() or ch in "\r\n\t" for ch in text) / max(len(text), 1)


def _check_header(path: Path) -> None:
    with open(path, "rb") as fh:
        head = fh.read(_HEADER_WINDOW)
    if b"%PDF-" not in head:
        raise DocumentError(str(path), f"not a PDF: {describe_non_pdf(head)}")


def _is_encrypted_without_empty_password(path: Path) -> bool:
    import pypdf

    try:
        reader = pypdf.PdfReader(str(path), strict=False)
        return bool(reader.is_encrypted) and reader.decrypt("") == 0
    except Exception:  # pypdf cannot judge broken files; then it is not "encrypted" to us
        return False


def _pdfium_pages(source) -> Optional[int]:
    """Page count according to pdfium (which repairs xref tables), None if it cannot open it."""
    import pypdfium2

    try:
        pdf = pypdfium2.PdfDocument(source)
    except Exception:
        return None
    try:
        return len(pdf)
    finally:
        pdf.close()


def _pdfium_rewrite(path: Path) -> bytes:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(path))
    try:
        buf = io.BytesIO()
        pdf.save(buf)
        return buf.getvalue()
    finally:
        pdf.close()


def _ends_early(path: Path) -> bool:
    with open(path, "rb") as fh:
        fh.seek(max(0, path.stat().st_size - 2048))
        return b"%%EOF" not in fh.read()


def _open_failure(path: Path, exc: Exception) -> DocumentError:
    kind = type(_root(exc)).__name__.lower()
    detail = str(_root(exc)).strip() or type(_root(exc)).__name__
    if "password" in kind or _is_encrypted_without_empty_password(path):
        return DocumentError(str(path), ENCRYPTED)
    if "encryption" in kind:  # readable in principle, but a scheme pdfminer does not support
        return DocumentError(str(path), f"encrypted with an unsupported method: {detail}")
    if _ends_early(path):
        return DocumentError(
            str(path), f"truncated PDF (no %%EOF marker at the end, file cut short): {detail}")
    return DocumentError(str(path), f"corrupt PDF: {detail}")


def _root(exc: BaseException) -> BaseException:
    """pdfplumber wraps pdfminer errors (PdfminerException(PDFPasswordIncorrect())): unwrap."""
    while exc.args and isinstance(exc.args[0], BaseException):
        exc = exc.args[0]
    return exc


def _plumber_pages(path: Path) -> int:
    with pdfplumber.open(str(path)) as pdf:
        return len(pdf.pages)


_STREAM_START = re.compile(rb"(?<!end)stream\r?\n")
_INFLATE_CHUNK = 16 * 2**20


def _check_inflated_size(path: Path) -> None:
    """DocumentError for a decompression bomb: a Flate stream inflating past the limit
    (limits.yaml). Inflated in bounded chunks and counted, never held: a few kilobytes can
    expand to gigabytes inside one C call of the PDF reader."""
    limit_mb = int(load("limits.yaml")["max_inflated_stream_mb"])
    data = path.read_bytes()
    for match in _STREAM_START.finditer(data):
        end = data.find(b"endstream", match.end())
        if end < 0:
            return
        if _inflated_size(memoryview(data)[match.end():end], limit_mb * 2**20) > limit_mb * 2**20:
            raise DocumentError(str(path), f"decompression bomb: a stream inflates to more than "
                                           f"{limit_mb} MB")


def _inflated_size(raw: bytes | memoryview, limit: int, depth: int = 0) -> int:
    """Bytes the stream inflates to, counted up to just past ``limit``. A stream inflated twice
    (``/Filter [/FlateDecode /FlateDecode]``, a ratio of a million) counts with its inner size."""
    inflater = zlib.decompressobj()
    total, pending = 0, bytes(raw)
    kept: Optional[list[bytes]] = []  # the output, only while it looks like another Flate layer
    try:
        while pending and total <= limit:
            out = inflater.decompress(pending, _INFLATE_CHUNK)
            if total == 0 and (depth >= 2 or not _looks_like_zlib(out)):
                kept = None  # plain data: count it, do not keep it
            if kept is not None:
                kept.append(out)
            total += len(out)
            pending = inflater.unconsumed_tail
    except zlib.error:  # not Flate (DCT, raw) or damaged: the reader will say so if it matters
        pass
    if kept and total <= limit:
        return max(total, _inflated_size(b"".join(kept), limit, depth + 1))
    return total


def _looks_like_zlib(data: bytes) -> bool:
    return len(data) >= 2 and data[0] & 0x0F == 8 and (data[0] << 8 | data[1]) % 31 == 0


def inspect_pdf(path: str | Path) -> PdfCheck:
    """Run all checks; raise DocumentError with one clear reason, or say how to read the file."""
    path = Path(path)
    _check_header(path)
    _check_inflated_size(path)
    try:
        n_plumber = _plumber_pages(path)
    except Exception as exc:  # pdfminer raises many unrelated types on broken input
        failure = _open_failure(path, exc)
        if failure.reason != ENCRYPTED and (_pdfium_pages(str(path)) or 0) > 0:
            # e.g. a file cut off just before its xref: pdfium rebuilds it from the objects
            return _repaired(path, "damaged or truncated PDF: repaired")
        raise failure from exc
    n_pdfium = _pdfium_pages(str(path))
    if n_pdfium is not None and n_pdfium > n_plumber:
        return _repaired(path, f"damaged cross-reference table: repaired "
                               f"(pdfplumber alone saw {n_plumber} pages)")
    if n_plumber == 0:
        if _ends_early(path):
            raise DocumentError(str(path), "truncated or corrupt PDF: no pages found")
        raise DocumentError(str(path), "empty PDF: 0 pages")
    return PdfCheck(n_pages=n_plumber)


def _repaired(path: Path, what: str) -> PdfCheck:
    try:
        data = _pdfium_rewrite(path)
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            n_fixed = len(pdf.pages)
    except Exception as exc:  # the repair itself failed: the file is beyond what we can read
        detail = str(_root(exc)).strip() or type(_root(exc)).__name__
        raise DocumentError(str(path), f"corrupt PDF: repair failed: {detail}") from exc
    if n_fixed == 0:
        raise DocumentError(str(path), "corrupt PDF: damaged cross-reference table, no pages readable")
    message = f"{what}, {n_fixed} pages read"
    logging.getLogger(__name__).info("%s: %s", path, message)
    return PdfCheck(n_pages=n_fixed, repaired=data, warnings=[message])


def check_pdf(path: str | Path) -> None:
    """Raise DocumentError(path, reason) unless ``path`` is a PDF the pipeline can read."""
    inspect_pdf(path)


@contextmanager
def open_checked(path: str | Path) -> Iterator[tuple["pdfplumber.PDF", PdfCheck]]:
    """Check ``path`` and yield an open pdfplumber PDF of it (of the repaired copy if needed)."""
    check = inspect_pdf(path)
    source = io.BytesIO(check.repaired) if check.repaired is not None else str(path)
    with pdfplumber.open(source) as pdf:
        yield pdf, check
