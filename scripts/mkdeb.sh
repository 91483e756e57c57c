#!/bin/sh
# Build inventar's Debian package from a built binary: stage the tree,
# write DEBIAN/ (control with the Depends dpkg-shlibdeps computes,
# conffiles, md5sums, the maintainer scripts of packaging/debian) and
# `dpkg-deb --build --root-owner-group` it (no fakeroot, no debhelper).
# Every file in it is root:root; the postinst gives /usr/bin/inventar its
# group inventar and mode 2755 (setgid) unless the administrator recorded
# a dpkg-statoverride for it.
# Usage: scripts/mkdeb.sh BINARY LOCALE_DIR OUT_DIR
#   BINARY      built with PREFIX=/usr (make deb does: build/deb/inventar)
#   LOCALE_DIR  holds LANG/LC_MESSAGES/inventar.mo (build/deb/locale)
#   OUT_DIR     gets inventar_VERSION_ARCH.deb; its path is printed
# VERSION is the binary's (`inventar --version`, INVENTAR_VERSION), ARCH
# `dpkg --print-architecture`. A binary that would look for its catalogs
# elsewhere than /usr/share/locale is refused, unless MKDEB_ANY_PREFIX=1
# (the test, which packs the already built binary to save a build).
# Maintainer: DEB_MAINTAINER ("Name <address>"), else the git
# configuration's user.name and user.email of whoever builds it, else a
# placeholder that says it is one (with a warning): the repository names no
# maintainer, and none is made up here.
set -eu
umask 022
if [ $# -ne 3 ]; then
    echo "usage: scripts/mkdeb.sh BINARY LOCALE_DIR OUT_DIR" >&2
    exit 2
fi
BIN=$1 LOCALES=$2 OUT=$3
ROOT=$(cd "$(dirname "$0")/.." && pwd)
die() { echo "mkdeb: $*" >&2; exit 1; }
for tool in dpkg dpkg-deb dpkg-shlibdeps gzip strip md5sum; do
    command -v "$tool" >/dev/null 2>&1 ||
        die "$tool is missing: run 'sh scripts/deps.sh deb' (make deb does)"
done
[ -x "$BIN" ] || die "no binary at $BIN"
[ -d "$LOCALES" ] || die "no catalogs under $LOCALES"
if [ "${MKDEB_ANY_PREFIX:-}" != 1 ] && ! grep -qa '^/usr/share/locale$' "$BIN" 2>/dev/null &&
   ! tr '\0' '\n' <"$BIN" | grep -qx '/usr/share/locale'; then
    die "$BIN was not built with PREFIX=/usr (its catalogs would not be found): use make deb"
fi

VERSION=$("$BIN" --version | sed -n 's/^inventar \([0-9][0-9A-Za-z.+~-]*\)$/\1/p')
[ -n "$VERSION" ] || die "$BIN --version does not give a version"
ARCH=$(dpkg --print-architecture)
PLACEHOLDER='unknown maintainer <nobody@invalid>'
if [ -n "${DEB_MAINTAINER:-}" ]; then
    MAINT=$DEB_MAINTAINER
else
    gname=$(git -C "$ROOT" config user.name 2>/dev/null || true)
    gmail=$(git -C "$ROOT" config user.email 2>/dev/null || true)
    if [ -n "$gname" ] && [ -n "$gmail" ]; then
        MAINT="$gname <$gmail>"
    else
        MAINT=$PLACEHOLDER
        echo "mkdeb: warning: Maintainer is the placeholder '$MAINT': set DEB_MAINTAINER=\"Name <address>\" (or git config user.name and user.email)" >&2
    fi
fi
# One line "Name <address>": a control field, and a sed replacement below.
case "$MAINT" in
    *"
"*|*'|'*|*'\'*|*'&'*) die "the Maintainer '$MAINT' holds a newline, '|', '\\' or '&'" ;;
    ?*' <'*@*'>') ;;
    *) die "the Maintainer '$MAINT' is not \"Name <address>\"" ;;
esac

TMP=$(mktemp -d "${TMPDIR:-/tmp}/inventar-deb.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
S=$TMP/root
install -d "$S/DEBIAN" "$S/usr/bin" "$S/usr/share/man/man1" "$S/etc/inventar" \
    "$S/usr/share/doc/inventar"

# The binary, stripped of its debugging symbols as dh_strip would.
install -m 0755 "$BIN" "$S/usr/bin/inventar"
strip --strip-unneeded --remove-section=.comment --remove-section=.note "$S/usr/bin/inventar"
n=0
for mo in "$LOCALES"/*/LC_MESSAGES/inventar.mo; do
    [ -f "$mo" ] || continue
    lang=$(basename "$(dirname "$(dirname "$mo")")")
    install -d "$S/usr/share/locale/$lang/LC_MESSAGES"
    install -m 0644 "$mo" "$S/usr/share/locale/$lang/LC_MESSAGES/inventar.mo"
    n=$((n + 1))
done
[ "$n" -gt 0 ] || die "no inventar.mo under $LOCALES"
gzip -9n <"$ROOT/man/inventar.1" >"$S/usr/share/man/man1/inventar.1.gz"
chmod 0644 "$S/usr/share/man/man1/inventar.1.gz"
gzip -9n <"$ROOT/README.md" >"$S/usr/share/doc/inventar/README.md.gz"
install -m 0644 "$ROOT/packaging/debian/copyright" "$S/usr/share/doc/inventar/copyright"
# A native package's changelog (Debian policy 12.7): one entry for the
# version built, dated by the commit it was built from (else now), so that
# two builds of one commit give the same file.
when=$(git -C "$ROOT" log -1 --format=%ct 2>/dev/null || true)
commit=$(git -C "$ROOT" rev-parse --short=12 HEAD 2>/dev/null || true)
{
    printf 'inventar (%s) unstable; urgency=medium\n\n' "$VERSION"
    if [ -n "$commit" ]; then
        printf '  * Built by make deb from commit %s of the source repository.\n' "$commit"
    else
        printf '  * Built by make deb from a source tree outside git.\n'
    fi
    printf '\n -- %s  %s\n' "$MAINT" "$(LC_ALL=C date -u -R ${when:+-d "@$when"})"
} | gzip -9n >"$S/usr/share/doc/inventar/changelog.gz"
chmod 0644 "$S/usr/share/doc/inventar/README.md.gz" "$S/usr/share/doc/inventar/changelog.gz"
install -m 0644 "$ROOT/packaging/inventar.conf" "$S/etc/inventar/inventar.conf"

# The libraries the binary links, as the packages that hold them
# (libsqlite3-0, libncursesw6, libqrencode4, libhpdf-2.3.0, ...), then
# what it needs besides: adduser for the postinst, the labels' font.
mkdir -p "$TMP/src/debian"
printf 'Source: inventar\n\nPackage: inventar\nArchitecture: any\n' >"$TMP/src/debian/control"
shlibs=$(cd "$TMP/src" && dpkg-shlibdeps -O -e"$S/usr/bin/inventar" 2>"$TMP/shlibdeps.err") ||
    { cat "$TMP/shlibdeps.err" >&2; die "dpkg-shlibdeps failed"; }
libs=$(printf '%s\n' "$shlibs" | sed -n 's/^shlibs:Depends=//p')
[ -n "$libs" ] || die "dpkg-shlibdeps found no libraries"
DEPENDS="$libs, adduser, fonts-dejavu-core"

SIZE=$(du -sk --exclude=DEBIAN "$S" | cut -f1)
sed -e "s|@VERSION@|$VERSION|" -e "s|@ARCH@|$ARCH|" -e "s|@DEPENDS@|$DEPENDS|" \
    -e "s|@SIZE@|$SIZE|" -e "s|@MAINTAINER@|$MAINT|" \
    "$ROOT/packaging/debian/control.in" >"$S/DEBIAN/control"
echo /etc/inventar/inventar.conf >"$S/DEBIAN/conffiles"
for script in postinst postrm; do
    install -m 0755 "$ROOT/packaging/debian/$script" "$S/DEBIAN/$script"
done
(cd "$S" && find . -path ./DEBIAN -prune -o -path ./etc -prune -o -type f -print |
    sed 's|^\./||' | LC_ALL=C sort | xargs md5sum) >"$S/DEBIAN/md5sums"
chmod 0644 "$S/DEBIAN/control" "$S/DEBIAN/conffiles" "$S/DEBIAN/md5sums"

mkdir -p "$OUT"
DEB="$OUT/inventar_${VERSION}_${ARCH}.deb"
dpkg-deb --build --root-owner-group -Zxz "$S" "$DEB.tmp" >/dev/null
mv "$DEB.tmp" "$DEB"
echo "$DEB"
