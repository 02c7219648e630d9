#!/usr/bin/env bash
# Set up the project from nothing; safe to run again (it only does what is missing).
#   1. Debian packages: tesseract-ocr + Danish data (OCR of scanned pages), poppler-utils;
#      chromium and a font for the browser tests of the report and `pipeline serve` (Playwright
#      drives the distribution's chromium: it never downloads a browser of its own).
#      Installed with apt-get as root or via sudo; without either we warn and go on: the
#      pipeline then runs and reports "ocr unavailable" for pages without a text layer.
#   2. .venv with the project and its pinned dependencies (pyproject.toml), editable.
set -euo pipefail

cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
VENV=".venv"
STAMP="$VENV/.setup-stamp"

say() { printf 'setup: %s\n' "$*"; }
warn() { printf 'setup: WARNING: %s\n' "$*" >&2; }

missing_debian_packages() {
    local missing=()
    command -v tesseract >/dev/null 2>&1 || missing+=(tesseract-ocr)
    if ! command -v tesseract >/dev/null 2>&1 || ! tesseract --list-langs 2>/dev/null | grep -qx dan; then
        missing+=(tesseract-ocr-dan)
    fi
    command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
    command -v chromium >/dev/null 2>&1 || missing+=(chromium)
    [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
    # Debian's python3 lacks venv/ensurepip until python3-venv is installed.
    "$PYTHON" -c 'import ensurepip, venv' >/dev/null 2>&1 || missing+=(python3-venv)
    echo "${missing[@]:-}"
}

install_debian_packages() {
    local packages
    packages="$(missing_debian_packages)"
    if [ -z "$packages" ]; then
        say "system packages present (tesseract + dan, poppler-utils, chromium)"
        return
    fi
    if ! command -v apt-get >/dev/null 2>&1; then
        warn "no apt-get: install $packages yourself; OCR stays unavailable until then"
        return
    fi
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
            sudo="sudo"
        else
            warn "not root and no sudo: cannot install $packages; OCR or the browser tests stay unavailable"
            return
        fi
    fi
    say "installing $packages"
    # shellcheck disable=SC2086  # word splitting of the package list is intended
    if ! { $sudo apt-get update -q && DEBIAN_FRONTEND=noninteractive \
            $sudo apt-get install -y -q --no-install-recommends $packages; }; then
        warn "apt-get failed for $packages; OCR may be unavailable"
    fi
}

setup_venv() {
    "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 10))' \
        || { echo "setup: Python >= 3.10 needed (found $("$PYTHON" --version))" >&2; exit 1; }
    [ -x "$VENV/bin/python" ] || { say "creating $VENV"; "$PYTHON" -m venv "$VENV"; }
    local want
    want="$(sha256sum pyproject.toml | cut -d' ' -f1)"
    if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ] && [ -x "$VENV/bin/pipeline" ]; then
        say "$VENV up to date"
        return
    fi
    say "installing the project and its pinned dependencies into $VENV"
    "$VENV/bin/python" -m pip install -q --upgrade pip
    "$VENV/bin/python" -m pip install -q -e '.[test]'
    echo "$want" > "$STAMP"
}

install_debian_packages
setup_venv
if "$VENV/bin/python" -c 'from pipeline.pdf.ocr import tesseract_available as t; raise SystemExit(not t())'; then
    say "OCR available (tesseract, lang dan)"
else
    warn "OCR unavailable: scanned pages will stay empty (see README, 'Bad files and OCR')"
fi
say "done"
