#!/bin/sh
# Install the Debian packages inventar needs to build, run and test.
# One apt-get install of whatever is missing; nothing when all is present.
# Usage: scripts/deps.sh [run|test|bench|deb]
# deb (make deb) adds dpkg-dev, for dpkg-shlibdeps; test adds it too (the
# package's test builds one) and groff-base, which renders the man page.
#
# On a minimal Debian 12 (debootstrap --variant=minbase, plus make, gcc
# and git) this is all that `make run` and `make test` need. What the
# scripts and tests call beyond these packages is in minbase already:
# coreutils (timeout, stat, sha256sum, mkfifo, seq, mktemp, stty, dd, ...),
# grep, sed, mawk (awk), findutils, diffutils (cmp), bsdutils (script),
# dpkg (dpkg-query). The tests also call sqlite3, tmux, ps (procps),
# pdftotext/pdftoppm/pdffonts (poppler-utils), zbarimg (zbar-tools),
# unzip (to read back the .xlsx files), jq (to read JSON) and valgrind,
# installed below; printing is tested through a private cupsd with the
# cups-pdf backend. libxlsxwriter's pkg-config file links -lz, which its
# package does not pull in: zlib1g-dev is named here (checked in a
# debootstrap minbase chroot).
# The program speaks Bulgarian under bg_BG.UTF-8: that locale is generated
# (from the `locales` package) when `locale -a` lacks it.
set -eu
mode=${1:-run}
pkgs="build-essential pkg-config libsqlite3-dev sqlite3 libncurses-dev
      libqrencode-dev libhpdf-dev libjansson-dev nettle-dev libxml2-dev
      libxlsxwriter-dev zlib1g-dev fonts-dejavu-core gettext locales"
case "$mode" in
  test|bench)
    pkgs="$pkgs libcmocka-dev tmux procps poppler-utils zbar-tools valgrind clang
          libclang-rt-14-dev cups-daemon cups-client cups-bsd printer-driver-cups-pdf
          bsdutils unzip jq dpkg-dev groff-base" ;;
  deb) pkgs="$pkgs dpkg-dev" ;;
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
if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
need_sudo() {
    if [ -n "$SUDO" ] && ! command -v sudo >/dev/null 2>&1; then
        echo "inventar: sudo is not installed; as root, run: $1" >&2
        exit 1
    fi
}
if [ -n "$missing" ]; then
    echo "inventar: installing missing packages:$missing" >&2
    need_sudo "apt-get install$missing"
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    # shellcheck disable=SC2086
    $SUDO apt-get install -y -qq --no-install-recommends $missing
fi

# bg_BG.UTF-8: `locale -a` spells it bg_BG.utf8. Enabled in /etc/locale.gen
# so that a later locale-gen keeps it.
if ! locale -a 2>/dev/null | grep -qix 'bg_BG\.utf-*8'; then
    echo "inventar: generating the bg_BG.UTF-8 locale" >&2
    need_sudo "sed -i 's/^# *bg_BG.UTF-8 UTF-8/bg_BG.UTF-8 UTF-8/' /etc/locale.gen && locale-gen"
    if grep -q '^# *bg_BG\.UTF-8 UTF-8' /etc/locale.gen 2>/dev/null; then
        $SUDO sed -i 's/^# *bg_BG\.UTF-8 UTF-8/bg_BG.UTF-8 UTF-8/' /etc/locale.gen
    elif ! grep -q '^bg_BG\.UTF-8 UTF-8' /etc/locale.gen 2>/dev/null; then
        echo 'bg_BG.UTF-8 UTF-8' | $SUDO tee -a /etc/locale.gen >/dev/null
    fi
    if [ -x /usr/sbin/locale-gen ]; then
        $SUDO /usr/sbin/locale-gen >/dev/null
    else
        $SUDO localedef -i bg_BG -f UTF-8 bg_BG.UTF-8
    fi
    if ! locale -a 2>/dev/null | grep -qix 'bg_BG\.utf-*8'; then
        echo "inventar: the bg_BG.UTF-8 locale could not be generated" >&2
        exit 1
    fi
fi
