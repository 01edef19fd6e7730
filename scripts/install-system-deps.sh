#!/usr/bin/env bash
# Installs the Debian packages the tests, the demo and the bench use, when they are missing.
# Idempotent. As root it runs apt-get; otherwise it prints the command to run and exits 1.
set -euo pipefail

declare -A need=(
  [chromium]=/usr/bin/chromium
  [firefox-esr]=/usr/bin/firefox-esr
  [xvfb]=/usr/bin/Xvfb
  [xauth]=/usr/bin/xauth
  [freerdp2-x11]=/usr/bin/xfreerdp
  [freerdp2-shadow-x11]=/usr/bin/freerdp-shadow-cli
  [winpr-utils]=/usr/bin/winpr-hash
  [openssl]=/usr/bin/openssl
  [imagemagick]=/usr/bin/convert
  [zsh]=/usr/bin/zsh
  [fish]=/usr/bin/fish
  # The password tests make a key pair with ssh-keygen; ssh-proxy's test runs the real OpenSSH
  # client to a real sshd (issue 13).
  [openssh-client]=/usr/bin/ssh
  [openssh-server]=/usr/sbin/sshd
  # The password tests: a real X clipboard through xsel.
  [xsel]=/usr/bin/xsel
  # credential_process through the AWS CLI (test/integration/credential-process-sdk.test.ts).
  [awscli]=/usr/bin/aws
  # The RDP tab's clipboard round trip: xrdp's chansrv serves CLIPRDR to the X session
  # (test/e2e/rdp-tab-clipboard.test.ts); xorgxrdp is its Xorg driver (a module, not a program).
  [xrdp]=/usr/sbin/xrdp
  [xorgxrdp]=/usr/lib/xorg/modules/drivers/xrdpdev_drv.so
  # The windows tier's Wine 10 lives in a Debian 13 root made by scripts/prepare-wine.sh.
  [debootstrap]=/usr/sbin/debootstrap
)
missing=()
for pkg in "${!need[@]}"; do
  [ -e "${need[$pkg]}" ] || missing+=("$pkg")
done
if [ "${#missing[@]}" -eq 0 ]; then
  echo "system packages: all present"
  exit 0
fi
echo "system packages missing: ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  echo "run: sudo apt-get update && sudo apt-get install -y ${missing[*]}"
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "system packages: installed ${missing[*]}"
