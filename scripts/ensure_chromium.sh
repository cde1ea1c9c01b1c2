#!/usr/bin/env bash
# Install what the tests need from Debian when missing: chromium (browser tests, chart images),
# Thai fonts for readable screenshots, and poppler-utils (pdftotext/pdftoppm read the PDFs).
set -euo pipefail
if [ -x /usr/bin/chromium ] && command -v pdftotext >/dev/null; then exit 0; fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "Installing Debian's chromium, Thai fonts and poppler-utils for the tests..."
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-thai-tlwg poppler-utils >/dev/null
/usr/bin/chromium --version
