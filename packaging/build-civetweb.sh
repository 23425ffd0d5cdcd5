#!/bin/sh
# Fetches CivetWeb 1.15 from Debian's own source package and builds it as a
# static library for OpenSSL 3. Debian's binary libcivetweb is built for the
# OpenSSL 1.1 API and crashes on the first HTTPS request, so we cannot use it.
#
# NO_FILES compiles out CivetWeb's own file serving, which is where
# CVE-2025-55763 lives; Switchboard serves web/ from its own fixed file table.
#
# Our patches in packaging/civetweb-patches/ are applied on top (each says
# why).
#
# Usage: build-civetweb.sh CACHE_DIR. The result (include/civetweb.h and
# lib/libcivetweb.a) is cached there and reused while the recipe is unchanged.
set -eu

cache=$1
version="1.15+dfsg"
patches=$(cd "$(dirname "$0")/civetweb-patches" && pwd)
# The stamp names the patches' checksum: a changed patch rebuilds.
sum=$(cat "$patches"/*.patch | cksum | cut -d' ' -f1)
stamp="$cache/.built-$version-$sum"
[ -f "$stamp" ] && exit 0

SUDO=""
[ "$(id -u)" != 0 ] && SUDO="sudo"

src_list=/etc/apt/sources.list.d/switchboard-src.sources
if ! apt-get source --print-uris civetweb 2>/dev/null | grep -q "civetweb_$version"; then
	if [ ! -f "$src_list" ]; then
		echo "build-civetweb: enabling Debian source packages ($src_list)"
		. /etc/os-release
		$SUDO sh -c "cat > $src_list" <<EOS
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: ${VERSION_CODENAME:-bookworm}
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOS
	fi
	$SUDO apt-get update -q
fi

work="$cache/src"
rm -rf "$work"
mkdir -p "$work"
(cd "$work" && apt-get source --download-only "civetweb=$version-4" >/dev/null 2>&1 ||
    apt-get source --download-only civetweb)
dsc=$(ls "$work"/civetweb_*.dsc | head -n 1)
(cd "$work" && dpkg-source --no-check -x "$(basename "$dsc")" civetweb >/dev/null)
for p in "$patches"/*.patch; do
	patch -s -p1 -d "$work/civetweb" < "$p"
done

mkdir -p "$cache/include" "$cache/lib"
cc -std=gnu11 -O2 -g -fPIC -fstack-protector-strong -D_FORTIFY_SOURCE=2 \
    -DOPENSSL_API_3_0 -DNO_SSL_DL -DNO_FILES -DNO_CGI -DNO_CACHING \
    -DUSE_IPV6 \
    -I"$work/civetweb/include" -c "$work/civetweb/src/civetweb.c" \
    -o "$cache/civetweb.o"
ar rcs "$cache/lib/libcivetweb.a" "$cache/civetweb.o"
cp "$work/civetweb/include/civetweb.h" "$cache/include/"
rm -f "$cache/civetweb.o"
touch "$stamp"
echo "build-civetweb: built $cache/lib/libcivetweb.a"
