#!/usr/bin/env bash
# The demo and browser tests use Debian's browsers, never a downloaded one: Chromium for most
# browser tests and the demo, Firefox ESR for tests/e2e/firefox.test.ts (WebDriver BiDi).
# Usage: ensure-browser.sh chromium|firefox-esr|openssl … — installs each one that is missing when we are
# allowed to (root with apt-get); otherwise says exactly what to do.
set -euo pipefail
missing=()
for package in "$@"; do
  case "$package" in
    chromium) path="${CHROMIUM_PATH:-/usr/bin/chromium}" var=CHROMIUM_PATH ;;
    firefox-esr) path="${FIREFOX_PATH:-/usr/bin/firefox-esr}" var=FIREFOX_PATH ;;
    # The badge-placement browser test serves saved pages over TLS with a throwaway certificate.
    openssl) path="${OPENSSL_PATH:-/usr/bin/openssl}" var=OPENSSL_PATH ;;
    *) echo "ensure-browser.sh: unknown browser $package" >&2; exit 2 ;;
  esac
  [ -x "$path" ] && continue
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    echo "$package not found at $path. Install it (sudo apt-get install $package) or set $var." >&2
    exit 1
  fi
  missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing Debian's ${missing[*]} (about 2 minutes)…" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
