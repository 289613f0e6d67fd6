#!/usr/bin/env bash
# The Firefox browser test (tests/e2e/firefox.test.ts) uses Debian's firefox-esr over WebDriver
# BiDi. Install it when missing and we are allowed to (root with apt-get); otherwise say what to do.
set -euo pipefail
FIREFOX="${FIREFOX_PATH:-/usr/bin/firefox-esr}"
if [ -x "$FIREFOX" ]; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Firefox not found: installing Debian's firefox-esr package (about 2 minutes)…" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq firefox-esr >/dev/null
  exit 0
fi
echo "Firefox not found at $FIREFOX. Install it (sudo apt-get install firefox-esr) or set FIREFOX_PATH." >&2
exit 1
