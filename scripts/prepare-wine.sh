#!/usr/bin/env bash
# Prepares Wine 10 for the Windows test tier (docs/testing/windows.md): a Debian 13 (trixie)
# root made with debootstrap from Debian's own mirror, wine installed in it, and a booted Wine
# prefix that each test copies. Debian 12's Wine 8.0 cannot run the Node 24 win-x64 executable
# (V8 reserves memory with MEM_RESERVE_PLACEHOLDER: "Fatal process out of memory:
# SegmentedTable::InitializeTable"); trixie's Wine 10.0 can.
#
#   scripts/prepare-wine.sh        # idempotent: returns at once when the cache is complete
#
# Cache: $BASTIONLESS_WINE_CACHE (default /var/cache/bastionless-wine). Each stage leaves a marker,
# so an interrupted run resumes at the stage that did not finish; "ready" is written last. One run
# at a time (flock): a second caller waits for the first and then finds the cache ready, which is
# how the test tier waits for the copy that .ci/run starts in the background. Needs root
# (debootstrap, chroot, mount namespaces). Fails loudly: any error exits non-zero with the stage.
set -euo pipefail

CACHE=${BASTIONLESS_WINE_CACHE:-/var/cache/bastionless-wine}
MIRROR=${BASTIONLESS_DEBIAN_MIRROR:-http://deb.debian.org/debian}
SUITE=trixie
ROOT=$CACHE/$SUITE
# The prefix every test copies, as the chroot sees it (wine-run.sh runs commands in the chroot).
TEMPLATE=/root/wine-template
# Bump when the recipe changes, so an older cache is rebuilt rather than trusted.
RECIPE=1

stage=start
trap 'echo "prepare-wine: FAILED in stage \"$stage\" (cache $CACHE); see the output above" >&2' ERR
say() { echo "prepare-wine: $*"; }
elapsed() { echo "$(($(date +%s) - started)) s"; }

if [ "$(id -u)" -ne 0 ]; then
  echo "prepare-wine: needs root (debootstrap, chroot, mount namespaces)" >&2
  exit 1
fi
mkdir -p "$CACHE"
exec 9>"$CACHE/.lock"
if ! flock -n 9; then
  say "another preparation is running; waiting for it"
  flock 9
fi
started=$(date +%s)

if [ "$(cat "$CACHE/ready" 2>/dev/null | head -1)" = "recipe $RECIPE" ]; then
  say "ready ($(sed -n 2p "$CACHE/ready"))"
  exit 0
fi
rm -f "$CACHE/ready"
if [ "$(cat "$CACHE/.recipe" 2>/dev/null)" != "$RECIPE" ]; then
  rm -f "$CACHE/.done-"*
fi

# Runs a command in the chroot with /proc and /dev in a private mount namespace: the mounts end
# with the command, so nothing stays mounted under the cache (a later rm -rf cannot reach /dev).
in_root() {
  unshare --mount --propagation private -- /bin/sh -c '
    set -e
    mount -t proc proc "$0/proc"
    mount --rbind /dev "$0/dev"
    exec chroot "$0" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
      DEBIAN_FRONTEND=noninteractive "$@"
  ' "$ROOT" "$@"
}

stage=debootstrap
if [ ! -e "$CACHE/.done-debootstrap" ]; then
  command -v debootstrap >/dev/null || {
    say "debootstrap missing: installing it"
    apt-get install -y -qq --no-install-recommends debootstrap >/dev/null
  }
  rm -rf "$ROOT"
  say "debootstrap --variant=minbase $SUITE from $MIRROR (several minutes)"
  # minbase: essential packages and apt only; wine brings what it needs.
  debootstrap --variant=minbase "$SUITE" "$ROOT" "$MIRROR" >"$CACHE/debootstrap.log" 2>&1 ||
    { tail -20 "$CACHE/debootstrap.log" >&2; false; }
  echo "$RECIPE" >"$CACHE/.recipe"
  touch "$CACHE/.done-debootstrap"
  say "debootstrap done after $(elapsed)"
fi

stage=wine
if [ ! -e "$CACHE/.done-wine" ]; then
  echo "deb $MIRROR $SUITE main" >"$ROOT/etc/apt/sources.list"
  # A throwaway root: dpkg need not fsync every file (dpkg(1) --force-unsafe-io).
  echo force-unsafe-io >"$ROOT/etc/dpkg/dpkg.cfg.d/unsafe-io"
  say "apt-get install wine (several minutes)"
  # A run stopped during the install (.ci/run stops it when the tests end first) leaves dpkg
  # half done; finishing that first lets the install below resume.
  in_root dpkg --configure -a >"$CACHE/wine-install.log" 2>&1 || { tail -20 "$CACHE/wine-install.log" >&2; false; }
  in_root apt-get update -qq >>"$CACHE/wine-install.log" 2>&1 || { tail -20 "$CACHE/wine-install.log" >&2; false; }
  # wine64 only: the executable under test is x86-64, and wine32 would need i386 multiarch.
  in_root apt-get install -y -q --no-install-recommends wine wine64 >>"$CACHE/wine-install.log" 2>&1 ||
    { tail -20 "$CACHE/wine-install.log" >&2; false; }
  in_root apt-get clean
  touch "$CACHE/.done-wine"
  say "wine installed after $(elapsed): $(in_root wine --version)"
fi

stage=prefix
if [ ! -e "$CACHE/.done-prefix" ]; then
  rm -rf "$ROOT$TEMPLATE"
  say "wineboot: a fresh prefix at $TEMPLATE"
  # No Mono or Gecko: nothing under test uses .NET or HTML, and their installers would ask.
  in_root WINEPREFIX="$TEMPLATE" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml=" \
    sh -c 'wineboot --init && wineserver --wait' >"$CACHE/wineboot.log" 2>&1 ||
    { tail -20 "$CACHE/wineboot.log" >&2; false; }
  # The executable is shipped for Windows 10 and later; say so rather than rely on Wine's default.
  in_root WINEPREFIX="$TEMPLATE" WINEDEBUG=-all sh -c 'winecfg -v win10 && wineserver --wait' \
    >>"$CACHE/wineboot.log" 2>&1 || { tail -20 "$CACHE/wineboot.log" >&2; false; }
  touch "$CACHE/.done-prefix"
  say "prefix ready after $(elapsed)"
fi

stage=check
version=$(in_root wine --version)
case "$version" in
  wine-10.*) ;;
  *) echo "prepare-wine: expected Wine 10, found '$version'" >&2; exit 1 ;;
esac
build=$(in_root WINEPREFIX="$TEMPLATE" WINEDEBUG=-all sh -c \
  'wine reg query "HKLM\\Software\\Microsoft\\Windows NT\\CurrentVersion" /v CurrentMajorVersionNumber; wineserver --wait' |
  tr -d '\r' | awk '/CurrentMajorVersionNumber/ { print $3 }')
[ "$build" = "0xa" ] || { echo "prepare-wine: the prefix is not Windows 10 (major version '$build')" >&2; exit 1; }
printf 'recipe %s\n%s, prefix %s (Windows 10)\n' "$RECIPE" "$version" "$TEMPLATE" >"$CACHE/ready"
say "ready after $(elapsed): $version"
