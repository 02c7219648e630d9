"""validate.check_pdf: every kind of bad file fails with one clear line; readable ones pass."""
from __future__ import annotations

import os
from pathlib import Path

import pypdf
import pytest
from PIL import Image

from conftest import damage_xref
from pipeline.pdf import validate
from pipeline.model import DocumentError


def reason_of(path: Path) -> str:
    with pytest.raises(DocumentError) as info:
        validate.check_pdf(path)
    assert "\n" not in info.value.reason
    assert info.value.path == str(path)
    return info.value.reason


def encrypt(source: Path, target: Path, user_password: str, algorithm: str = "AES-128") -> Path:
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(str(source)))
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm=algorithm)
    writer.write(str(target))
    return target


def test_readable_pdf_passes(text_pdf):
    assert validate.check_pdf(text_pdf()) is None


def test_empty_file_is_named_as_empty(tmp_path):
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    assert reason_of(path) == "not a PDF: empty file (0 bytes)"


def test_html_page_is_named_as_html(tmp_path):
    path = tmp_path / "page.pdf"
    path.write_text("<!DOCTYPE html><html><body>404 Not Found</body></html>")
    assert reason_of(path) == "not a PDF: looks like an HTML page"


@pytest.mark.parametrize("fmt, label", [("PNG", "PNG image"), ("JPEG", "JPEG image")])
def test_image_is_named_as_image(tmp_path, fmt, label):
    path = tmp_path / "scan.pdf"
    Image.new("RGB", (20, 20), "white").save(path, format=fmt)
    assert reason_of(path) == f"not a PDF: looks like a {label}"


def test_random_bytes_are_named_as_random(tmp_path):
    path = tmp_path / "noise.pdf"
    path.write_bytes(bytes(range(256)) * 8)
    assert reason_of(path) == "not a PDF: random/binary bytes"


def test_truncated_pdf_says_truncated(text_pdf, tmp_path):
    data = text_pdf().read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: len(data) // 2])
    assert reason_of(path).startswith("truncated PDF")


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-256"])
def test_encrypted_pdf_says_encrypted(text_pdf, tmp_path, algorithm):
    path = encrypt(text_pdf(), tmp_path / "locked.pdf", "hemmelig", algorithm)
    assert reason_of(path) == "encrypted (password protected)"


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-256"])
def test_pdf_encrypted_with_empty_user_password_is_readable(text_pdf, tmp_path, algorithm):
    path = encrypt(text_pdf(), tmp_path / "owner-only.pdf", "", algorithm)
    with validate.open_checked(path) as (pdf, check):
        assert check.n_pages == 2
        assert "Samarbejdsplan 2014" in pdf.pages[0].extract_text()


def test_pdf_without_pages_fails_as_empty(tmp_path):
    path = tmp_path / "nothing.pdf"
    pypdf.PdfWriter().write(str(path))
    assert reason_of(path) == "empty PDF: 0 pages"


def test_damaged_xref_is_repaired_with_a_warning_not_read_as_zero_pages(text_pdf, tmp_path):
    import pdfplumber

    path = damage_xref(text_pdf(), tmp_path / "damaged.pdf")
    with pdfplumber.open(str(path)) as raw:
        assert len(raw.pages) == 0  # the trap this check exists for
    with validate.open_checked(path) as (pdf, check):
        assert len(pdf.pages) == 2
        assert "Samarbejdsplan 2014" in pdf.pages[0].extract_text()
    assert check.warnings and check.warnings[0].startswith("damaged cross-reference table")


def test_pdf_cut_before_its_startxref_pointer_is_still_read(text_pdf, tmp_path):
    data = text_pdf().read_bytes()
    path = tmp_path / "no-startxref.pdf"
    path.write_bytes(data[: data.rindex(b"startxref")])
    assert validate.inspect_pdf(path).n_pages == 2


def test_junk_before_header_is_tolerated_like_acrobat(text_pdf, tmp_path):
    path = tmp_path / "junk.pdf"
    path.write_bytes(b"\r\n" + text_pdf().read_bytes())
    assert validate.check_pdf(path) is None


def test_random_bytes_after_pdf_header_fail_as_corrupt(tmp_path):
    path = tmp_path / "fake.pdf"
    path.write_bytes(b"%PDF-1.4\n" + os.urandom(3000) + b"\n%%EOF\n")
    assert reason_of(path).startswith("corrupt PDF")
