#!/usr/bin/env bash
# Runs a command under the Wine 10 that scripts/prepare-wine.sh prepared (docs/testing/windows.md):
#
#   scripts/wine-run.sh wine 'Z:\tmp\x\bastionless-win-x64.exe' --version
#
# The command runs in the trixie chroot, in a private mount namespace that has /proc, /dev and
# the shared folder ($BASTIONLESS_WINE_SHARE, default the temp folder) mounted at the same path
# as outside, so a file at /tmp/x is Z:\tmp\x to Windows programs. The mounts end with the
# namespace's last process: nothing stays mounted under the cache. The network is the machine's
# own, so 127.0.0.1 is the same on both sides. The environment is passed through as it is; set
# WINEPREFIX to a copy of the prepared prefix (a prefix is one Windows user and its registry).
# Exit code 125: Wine is not prepared.
set -euo pipefail

CACHE=${BASTIONLESS_WINE_CACHE:-/var/cache/bastionless-wine}
ROOT=$CACHE/trixie
# unshare, mount and chroot live in sbin, which a caller's PATH may lack.
export PATH="/usr/sbin:/sbin:${PATH:-/usr/bin:/bin}"
SHARE=$(realpath "${BASTIONLESS_WINE_SHARE:-${TMPDIR:-/tmp}}")
if [ ! -f "$CACHE/ready" ]; then
  echo "wine-run: Wine is not prepared in $CACHE (run scripts/prepare-wine.sh as root)" >&2
  exit 125
fi
exec unshare --mount --propagation private -- /bin/sh -c '
  set -e
  root=$1 share=$2
  shift 2
  mount -t proc proc "$root/proc"
  mount --rbind /dev "$root/dev"
  mkdir -p "$root$share"
  mount --bind "$share" "$root$share"
  exec chroot "$root" "$@"
' wine-run "$ROOT" "$SHARE" "$@"
