#!/bin/sh
# The Debian package on a clean Debian 12: debootstraps a minimal chroot,
# installs the .deb there with apt (its Depends come from the archive), and
# does what an admin would right after: --version, check, the service's
# own ExecStart as the switchboard user (on loopback ports written into
# the conffile) up to /healthz, a reload, a stop, check again, remove and
# purge. Also systemd-analyze verify and the exposure score of the
# installed unit. Prints TAP lines.
#
# Usage: tests/deb/run.sh switchboard_VERSION_ARCH.deb (as root).
# The debootstrap tarball is cached in $CACHE (.cache/).
set -u
deb=$(readlink -f "$1")
version=$(dpkg-deb -f "$deb" Version)
cache=$(readlink -f "${CACHE:-.cache}")
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
# What a Debian 12 system has besides minbase: systemd (for
# systemd-analyze verify on the installed unit) and man-db (its
# Documentation= page).
include=systemd,man-db
tarball="$cache/debootstrap-bookworm-minbase-systemd.tgz"
root=$(mktemp -d /tmp/sb-chroot.XXXXXX)
chmod 755 "$root"
n=0
failed=0
pid=""

ok() {
	n=$((n + 1))
	echo "ok $n - deb: $1"
}

not_ok() {
	n=$((n + 1))
	failed=$((failed + 1))
	echo "not ok $n - deb: $1"
	[ -n "${2:-}" ] && printf '%s\n' "$2" | tail -n 20 | sed 's/^/#   /'
}

# check NAME COMMAND...: one TAP line from the command's status.
check() {
	name=$1
	shift
	if out=$("$@" 2>&1); then ok "$name"; else not_ok "$name" "$out"; fi
}

in_root() {
	chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 \
	    DEBIAN_FRONTEND=noninteractive "$@"
}

cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	mountpoint -q "$root/proc" && umount "$root/proc"
	rm -rf "$root"
}
trap cleanup EXIT INT TERM

# A minimal Debian 12. The packages are fetched once into a tarball.
if [ ! -f "$tarball" ]; then
	mkdir -p "$cache"
	debootstrap --variant=minbase --include=$include \
	    --make-tarball="$tarball.tmp" bookworm \
	    "$root/mk" "$mirror" > "$root/debootstrap.log" 2>&1 &&
	    mv "$tarball.tmp" "$tarball"
	rm -rf "$root/mk"
fi
if ! out=$(debootstrap --variant=minbase --include=$include \
    --unpack-tarball="$tarball" bookworm "$root" "$mirror" 2>&1); then
	not_ok "debootstrap a minimal Debian 12" "$out"
	echo "# the remaining checks need the chroot"
	exit 1
fi
ok "debootstrap a minimal Debian 12"
mount -t proc proc "$root/proc"
cp "$deb" "$root/tmp/"

check "apt-get installs the package, its Depends from the archive" \
    in_root sh -c "apt-get update -q && apt-get install -y -q \
    --no-install-recommends /tmp/$(basename "$deb")"
check "switchboard --version prints $version" \
    sh -c "[ \"\$(chroot '$root' switchboard --version)\" = \
    'switchboard $version' ]"
check "the system user switchboard owns /var/lib/switchboard, mode 0700" \
    sh -c "[ \"\$(chroot '$root' stat -c '%U:%G %a' /var/lib/switchboard)\" = \
    'switchboard:switchboard 700' ]"
check "/etc/switchboard/switchboard.conf is a conffile" \
    sh -c "chroot '$root' dpkg-query -W -f='\${Conffiles}' switchboard |
    grep /etc/switchboard/switchboard.conf"
check "the service is enabled (deb-systemd-helper)" \
    test -L "$root/etc/systemd/system/multi-user.target.wants/switchboard.service"
check "switchboard check right after install, as the switchboard user" \
    sh -c "chroot '$root' runuser -u switchboard -- switchboard \
    --data /var/lib/switchboard check | grep 'check: ok: no database yet'"

# The unit as installed: verify, and an exposure score of at most 2.0.
unit="$root/lib/systemd/system/switchboard.service"
if command -v systemd-analyze >/dev/null; then
	# In the chroot: verify runs man for Documentation=, on its root.
	check "systemd-analyze verify passes on the installed unit" \
	    in_root systemd-analyze verify /lib/systemd/system/switchboard.service
	check "systemd-analyze security: exposure at most 2.0" \
	    sh -c "systemd-analyze security --offline=true --threshold=20 \
	    --root='$root' switchboard.service | tail -n 1"
else
	not_ok "systemd-analyze is not installed (packaging/install-deps.sh)"
fi

# The unit's ExecStart, run as its User, on loopback ports that an admin
# would set in the conffile. /healthz must answer.
exec_start=$(sed -n 's/^ExecStart=//p' "$unit")
user=$(sed -n 's/^User=//p' "$unit")
group=$(sed -n 's/^Group=//p' "$unit")
set -- $(python3 -c 'import socket
ss = [socket.socket() for _ in range(3)]
for s in ss: s.bind(("127.0.0.1", 0))
print(*(s.getsockname()[1] for s in ss))')
admin_port=$1
cat >> "$root/etc/switchboard/switchboard.conf" <<EOS
admin_listen = 127.0.0.1:$1
provision_listen = 127.0.0.1:$2
provision_tls_listen = off
sip_listen = 127.0.0.1:$3
EOS
log="$root/tmp/switchboard.log"
# setpriv execs (runuser would fork and keep the signals to itself), so
# $pid is the daemon's, as $MAINPID is under systemd.
# shellcheck disable=SC2086
chroot "$root" setpriv --reuid="$user" --regid="$group" --init-groups -- \
    $exec_start > "$log" 2>&1 &
pid=$!
tries=0
while ! curl -skf "https://127.0.0.1:$admin_port/healthz" > "$root/tmp/healthz" \
    2>/dev/null && [ $tries -lt 200 ] && kill -0 "$pid" 2>/dev/null; do
	sleep 0.1
	tries=$((tries + 1))
done
check "the unit's ExecStart as $user answers /healthz" \
    sh -c "grep -q '\"ok\"' '$root/tmp/healthz' || { cat '$log'; exit 1; }"
kill -HUP "$pid" 2>/dev/null
tries=0
while ! grep -q "event=config.reload" "$log" && [ $tries -lt 100 ]; do
	sleep 0.1
	tries=$((tries + 1))
done
check "ExecReload's SIGHUP re-reads the config and the certificate" \
    sh -c "grep -q 'level=info event=tls.reload' '$log' &&
    grep -q 'event=config.reload log_level=info restart_needed=-' '$log' ||
    { cat '$log'; exit 1; }"
kill -TERM "$pid" 2>/dev/null
wait "$pid"
rc=$?
pid=""
check "SIGTERM stops it cleanly" sh -c "[ $rc = 0 ] || { cat '$log'; exit 1; }"
check "switchboard check after the first start" \
    sh -c "chroot '$root' runuser -u switchboard -- switchboard \
    --data /var/lib/switchboard check | grep 'check: ok (integrity'"
check "apt-get remove keeps the data, dpkg --purge deletes it" \
    sh -c "chroot '$root' env DEBIAN_FRONTEND=noninteractive \
    apt-get remove -y -q switchboard >/dev/null &&
    test -f '$root/var/lib/switchboard/switchboard.db' &&
    chroot '$root' dpkg --purge switchboard >/dev/null &&
    test ! -e '$root/var/lib/switchboard'"
[ "$failed" -eq 0 ]
