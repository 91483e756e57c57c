#!/bin/sh
# Install the Debian packages inventar needs to build, run and test.
# One apt-get install of whatever is missing; nothing when all is present.
# Usage: scripts/deps.sh [run|test|bench]
set -eu
mode=${1:-run}
pkgs="build-essential pkg-config libsqlite3-dev sqlite3 libncurses-dev
      libqrencode-dev libhpdf-dev libjansson-dev nettle-dev libxml2-dev
      fonts-dejavu-core gettext"
case "$mode" in
  test|bench)
    pkgs="$pkgs libcmocka-dev tmux poppler-utils zbar-tools valgrind clang
          libclang-rt-14-dev cups-daemon cups-client cups-bsd printer-driver-cups-pdf
          bsdutils" ;;
esac
case "$mode" in
  bench) pkgs="$pkgs glabels glabels-data" ;;
esac
missing=""
for p in $pkgs; do
  st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  case "$st" in
    *" installed") ;;
    *) missing="$missing $p" ;;
  esac
done
[ -z "$missing" ] && exit 0
echo "inventar: installing missing packages:$missing" >&2
if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing
