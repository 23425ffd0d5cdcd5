#!/bin/sh
# Builds the Debian package switchboard_VERSION_ARCH.deb with Debian's
# tools: dpkg-buildpackage and debhelper (packaging/debian/), in a staged
# copy of the tree under build/deb/, then checks it with lintian (errors
# fail the build) and copies it to the top of the tree.
#
# Usage: build-deb.sh VERSION CACHE_DIR. CACHE_DIR holds CivetWeb, built
# from Debian's source package (packaging/build-civetweb.sh).
set -eu

version=$1
cache=$(cd "$2" && pwd)
logged=$(dpkg-parsechangelog -l packaging/debian/changelog -S Version)
if [ "$logged" != "$version" ]; then
	echo "build-deb: the Makefile's version is $version but" \
	    "packaging/debian/changelog's is $logged: add an entry" \
	    "(dch -c packaging/debian/changelog -v $version)" >&2
	exit 1
fi

out=build/deb
stage="$out/switchboard-$version"
rm -rf "$out"
mkdir -p "$stage"
cp -R Makefile server db migrations web "$stage/"
mkdir -p "$stage/packaging"
cp -R packaging/*.sh packaging/switchboard.conf packaging/civetweb-patches \
    "$stage/packaging/"
# debian/ at the top, as dpkg-buildpackage wants it; the unit is a link.
cp -RL packaging/debian "$stage/debian"
(cd "$stage" && SB_CACHE="$cache" dpkg-buildpackage -b -us -uc)

deb="$out/switchboard_${version}_$(dpkg --print-architecture).deb"
lintian --fail-on error --info "$deb"
cp "$deb" .
echo "build-deb: $(basename "$deb") ($(du -k "$deb" | cut -f1) KiB)"
