#!/bin/sh
# Installs the Debian packages Switchboard builds, runs and tests with.
# Usage: install-deps.sh run|test|deb|image|bench. Runs apt-get only when something is missing,
# so repeated "make run" stays fast and works offline once installed.
set -eu

RUN_PKGS="build-essential pkg-config libsqlite3-dev libjansson-dev libsodium-dev
libcsv-dev libxlsxwriter-dev libarchive-dev libexpat1-dev zlib1g-dev libssl-dev openssl dpkg-dev patch xz-utils ca-certificates
libgsf-1-dev libzip-dev"
# make deb: Debian's packaging tools; the package test (tests/deb/) also
# debootstraps, and checks the unit with systemd-analyze.
DEB_PKGS="debhelper help2man lintian debootstrap systemd"
# make image: the disk image's tools; make image-test boots it in qemu.
IMAGE_PKGS="$DEB_PKGS syslinux syslinux-common mtools dosfstools e2fsprogs fdisk
qemu-system-x86 openssl curl python3"
# make bench: the load generator and the references beside the test tools.
BENCH_PKGS="wrk sqlite3"
TEST_PKGS="$DEB_PKGS python3 clang chromium sip-tester stunnel4 curl isc-dhcp-server kea-dhcp4-server dnsmasq-base nginx-light slowhttptest nftables
7zip python3-msoffcrypto-tool tftp-hpa"

want="$RUN_PKGS"
case ${1:-run} in
test) want="$want $TEST_PKGS" ;;
deb) want="$want $DEB_PKGS" ;;
image) want="$want $IMAGE_PKGS" ;;
bench) want="$want $TEST_PKGS $BENCH_PKGS" ;;
esac

SUDO=""
if [ "$(id -u)" != 0 ]; then
	command -v sudo >/dev/null || { echo "install-deps: run as root or install sudo" >&2; exit 1; }
	SUDO="sudo"
fi

missing=""
for p in $want; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
	    missing="$missing $p"
done
# Node.js: any node >= 18 will do (Debian 12 ships 18); keep one already
# there. npm installs the browser libraries the UI serves (charts), and the
# browser tests' driver.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
	missing="$missing nodejs npm"
fi

if [ -n "$missing" ]; then
	echo "install-deps: installing$missing"
	$SUDO apt-get update -q
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends $missing
fi
