#!/bin/sh
# Builds the appliance disk image: a minimal Debian 12 from Debian's
# archive (debootstrap), the Switchboard package installed with apt and its
# service enabled, a console banner with the admin URL and the certificate
# fingerprint (packaging/image/), on a raw disk with an MBR: partition 1 is
# FAT /boot with SYSLINUX, partition 2 the ext4 root. No loop device or
# mount is needed: the file systems are made from folders (mke2fs -d,
# mtools) and written into the disk file.
#
# Usage: build-image.sh DEB CACHE_DIR OUT.img [SIZE_MIB] (as root).
# The debootstrap tarball is cached in CACHE_DIR. The image has no
# appliance data: each copy makes its own certificate and secret key at
# its first start, and its own machine-id.
set -eu

deb=$(readlink -f "$1")
cache=$(readlink -f "$2")
img=$3
size_mib=${4:-4096}
boot_mib=256
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
include=systemd,systemd-sysv,udev,kmod,initramfs-tools,linux-image-amd64,\
iproute2,openssl,ca-certificates,procps,adduser
tarball="$cache/debootstrap-bookworm-image.tgz"
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/sb-image.XXXXXX")
root="$work/root"

cleanup() {
	for m in proc sys dev/pts dev; do
		mountpoint -q "$root/$m" 2>/dev/null && umount "$root/$m"
	done
	rm -rf "$work"
}
trap cleanup EXIT INT TERM

step() { echo "build-image: $*"; }

in_root() {
	chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 \
	    DEBIAN_FRONTEND=noninteractive "$@"
}

if [ ! -f "$tarball" ]; then
	step "fetching Debian 12 packages once into $tarball"
	mkdir -p "$cache"
	debootstrap --variant=minbase --include="$include" \
	    --make-tarball="$tarball.tmp" bookworm "$work/mk" "$mirror" \
	    > "$work/fetch.log" 2>&1 || { tail -n 20 "$work/fetch.log"; exit 1; }
	mv "$tarball.tmp" "$tarball"
	rm -rf "$work/mk"
fi
step "debootstrap bookworm"
debootstrap --variant=minbase --include="$include" \
    --unpack-tarball="$tarball" bookworm "$root" "$mirror" \
    > "$work/debootstrap.log" 2>&1 || { tail -n 20 "$work/debootstrap.log"; exit 1; }

mount -t proc proc "$root/proc"
mount -t sysfs sys "$root/sys"
mount --bind /dev "$root/dev"

step "installing $(basename "$deb") with apt"
cp "$deb" "$root/tmp/"
in_root sh -c "apt-get update -q && apt-get install -y -q \
    --no-install-recommends /tmp/$(basename "$deb")" > "$work/apt.log" 2>&1 ||
    { tail -n 20 "$work/apt.log"; exit 1; }
rm -f "$root/tmp/$(basename "$deb")"

step "configuring the system"
echo switchboard > "$root/etc/hostname"
printf '127.0.0.1\tlocalhost\n127.0.1.1\tswitchboard\n::1\tlocalhost ip6-localhost ip6-loopback\n' \
    > "$root/etc/hosts"
install -m 0644 "$here/image/80-dhcp.network" "$root/etc/systemd/network/"
install -d "$root/usr/lib/switchboard"
install -m 0755 "$here/image/switchboard-console" "$root/usr/lib/switchboard/"
install -m 0644 "$here/image/switchboard-console.service" \
    "$root/lib/systemd/system/"
install -m 0755 "$here/image/zz-switchboard-syslinux" \
    "$root/etc/kernel/postinst.d/"
in_root systemctl enable systemd-networkd.service switchboard.service \
    switchboard-console.service serial-getty@ttyS0.service > /dev/null 2>&1
# No password: the root account is locked; the box is run from its web UI.
in_root passwd -l root > /dev/null
# Each copy of the image gets its own machine-id at its first boot.
: > "$root/etc/machine-id"
rm -f "$root/var/lib/dbus/machine-id"
in_root apt-get clean
rm -rf "$root/var/lib/apt/lists/"* "$root/var/log/"*.log \
    "$root/var/cache/debconf/"*-old "$root/tmp/"*
if [ -n "$(ls -A "$root/var/lib/switchboard")" ]; then
	echo "build-image: /var/lib/switchboard is not empty: an image must" \
	    "not carry a certificate or a secret key" >&2
	exit 1
fi

for m in dev sys proc; do umount "$root/$m"; done

kver=$(ls "$root/boot" | sed -n 's/^vmlinuz-//p' | sort -V | tail -n 1)
[ -n "$kver" ] || { echo "build-image: no kernel in /boot" >&2; exit 1; }
root_uuid=$(cat /proc/sys/kernel/random/uuid)
boot_id=$(od -An -N4 -tx4 /dev/urandom | tr -d ' ')

step "the /boot partition (FAT, SYSLINUX, kernel $kver)"
cat > "$work/syslinux.cfg" <<EOS
DEFAULT switchboard
TIMEOUT 0
PROMPT 0
LABEL switchboard
  LINUX /vmlinuz-$kver
  INITRD /initrd.img-$kver
  APPEND root=UUID=$root_uuid ro console=tty0 console=ttyS0,115200n8 quiet
EOS
boot="$work/boot.fat"
rm -f "$boot"
mkfs.vfat -C -n BOOT -i "$boot_id" "$boot" $((boot_mib * 1024)) > /dev/null
syslinux --install "$boot"
MTOOLS_SKIP_CHECK=1 mcopy -i "$boot" -s "$root/boot/"* "$work/syslinux.cfg" ::/
rm -rf "${root:?}/boot/"*
boot_uuid=$(echo "$boot_id" | tr a-f A-F | sed 's/^\(....\)/\1-/')
cat > "$root/etc/fstab" <<EOS
UUID=$root_uuid	/	ext4	errors=remount-ro	0	1
UUID=$boot_uuid	/boot	vfat	umask=0077	0	2
EOS

step "the root partition (ext4)"
rootfs="$work/root.ext4"
root_mib=$((size_mib - boot_mib - 2))
mke2fs -q -t ext4 -L root -U "$root_uuid" -d "$root" "$rootfs" "${root_mib}M"

step "the disk: MBR, SYSLINUX's boot code, two partitions"
mkdir -p "$(dirname "$img")"
rm -f "$img.tmp"
truncate -s "${size_mib}M" "$img.tmp"
sfdisk -q "$img.tmp" <<EOS
label: dos
start=2048, size=$((boot_mib * 2048)), type=e, bootable
start=$(((boot_mib + 1) * 2048)), type=83
EOS
dd if=/usr/lib/syslinux/mbr/mbr.bin of="$img.tmp" bs=440 count=1 \
    conv=notrunc status=none
dd if="$boot" of="$img.tmp" bs=1M seek=1 conv=notrunc,sparse status=none
dd if="$rootfs" of="$img.tmp" bs=1M seek=$((boot_mib + 1)) \
    conv=notrunc,sparse status=none
mv "$img.tmp" "$img"
step "$img: $(du -m --apparent-size "$img" | cut -f1) MiB disk," \
    "$(du -m "$img" | cut -f1) MiB on disk (sparse); kernel $kver"
