#!/bin/sh
# The appliance image booted under qemu-system-x86_64 (software emulation
# when there is no KVM), as an admin would first meet it: the console
# banner with the URL and the certificate fingerprint, /healthz through
# the admin port, and the certificate served being the one the banner
# names. The disk is opened with snapshot=on, so the image stays unbooted.
# Prints TAP lines.
#
# Usage: tests/image/run.sh IMAGE (BOOT_SECONDS: how long to wait, 900).
set -u
img=$(readlink -f "$1")
wait_s=${BOOT_SECONDS:-900}
work=$(mktemp -d /tmp/sb-image-test.XXXXXX)
log="$work/console.log"
n=0
pid=""

ok() { n=$((n + 1)); echo "ok $n - image: $1"; }
not_ok() {
	n=$((n + 1))
	echo "not ok $n - image: $1"
	[ -n "${2:-}" ] && printf '%s\n' "$2" | tail -n 30 | sed 's/^/#   /'
}

cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT INT TERM

[ -f "$img" ] || { not_ok "no image at $1 (make image)"; exit 1; }
port=$(python3 -c 'import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
accel=tcg
[ -w /dev/kvm ] && accel=kvm
start=$(date +%s)
: > "$log"
qemu-system-x86_64 -machine pc,accel=$accel -m 1024 -smp 2 \
    -drive file="$img",format=raw,if=virtio,snapshot=on \
    -netdev user,id=n0,hostfwd=tcp:127.0.0.1:$port-:8443 \
    -device virtio-net-pci,netdev=n0 \
    -display none -monitor none -serial file:"$log" -no-reboot &
pid=$!

# The banner ends with the fingerprint line; wait for it.
fp=""
while [ $(($(date +%s) - start)) -lt "$wait_s" ]; do
	kill -0 "$pid" 2>/dev/null || break
	fp=$(tr -d '\r' < "$log" | grep -A1 'Certificate SHA-256 fingerprint:' |
	    sed -n 's/^ *\([0-9A-F:]\{95\}\)$/\1/p' | head -n 1)
	[ -n "$fp" ] && break
	sleep 2
done
secs=$(($(date +%s) - start))
if [ -n "$fp" ]; then
	ok "boots ($accel) to the console banner in $secs s"
else
	not_ok "no console banner with a fingerprint within $secs s" \
	    "$(tr -d '\r' < "$log")"
	exit 1
fi
url=$(tr -d '\r' < "$log" | sed -n 's/^ *Admin UI: \(https:[^ ]*\)$/\1/p' |
    head -n 1)
case $url in
https://*.*.*.*:8443/) ok "the banner names the admin URL: $url" ;;
*) not_ok "the banner's URL is '$url'" "$(tr -d '\r' < "$log")" ;;
esac

# /healthz through the forwarded admin port (the service may still be
# settling when the banner shows: retry for a minute).
body=""
i=0
while [ $i -lt 30 ]; do
	body=$(curl -sk --max-time 10 "https://127.0.0.1:$port/healthz") && break
	sleep 2
	i=$((i + 1))
done
case $body in
*ok*) ok "/healthz answers through the admin port: $body" ;;
*) not_ok "/healthz did not answer ('$body')" "$(tr -d '\r' < "$log")" ;;
esac

served=$(echo | openssl s_client -connect "127.0.0.1:$port" 2>/dev/null |
    openssl x509 -noout -fingerprint -sha256 | sed 's/^[^=]*=//')
if [ -n "$served" ] && [ "$served" = "$fp" ]; then
	ok "the certificate served is the one the banner names ($fp)"
else
	not_ok "served certificate '$served' is not the banner's '$fp'"
fi

page=$(curl -sk --max-time 10 "https://127.0.0.1:$port/")
case $page in
*'<html'*|*'<!doctype html'*|*'<!DOCTYPE html'*)
	ok "the admin UI's first page is served" ;;
*) not_ok "no HTML at https://…/" "$page" ;;
esac

# The getty starts once the banner is printed: give it a minute.
i=0
while [ $i -lt 30 ] && ! grep -q 'login:' "$log"; do
	sleep 2
	i=$((i + 1))
done
if grep -q 'login:' "$log"; then
	ok "the serial console reaches a login prompt"
else
	not_ok "no login prompt on the serial console" "$(tr -d '\r' < "$log")"
fi
echo "# booted in $secs s; the console is in ${CONSOLE_LOG:-build/image/console.log}"
tr -d '\r' < "$log" > "${CONSOLE_LOG:-build/image/console.log}" 2>/dev/null
