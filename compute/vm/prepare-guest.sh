#!/usr/bin/env bash
# Puts a tiny Linux guest for real-VM tests into DIR (default /var/lib/stratus/guest):
#   vmlinuz           Debian's amd64 kernel: /boot's, else unpacked from the linux-image .deb that
#                     `apt-get download` fetches from Debian's archive (nothing is installed)
#   initramfs.cpio.gz busybox-static and an /init that prints "STRATUS-GUEST-BOOTED <kernel> <cmdline marker>"
#                     on the serial console (the kernel's console=ttyS0), then stays up
# Both are uploaded to the image service as AKI and ARI images by the tests. Idempotent; needs root only
# for apt-get download (when /boot has no kernel) and mknod.
#
#   compute/vm/prepare-guest.sh [DIR]
set -euo pipefail
dir=${1:-${STRATUS_GUEST_DIR:-/var/lib/stratus/guest}}
mkdir -p "$dir"

if [[ ! -s $dir/vmlinuz ]]; then
  kernel=$(ls -v /boot/vmlinuz-*-amd64 2>/dev/null | tail -1 || true)
  if [[ -n $kernel ]]; then
    cp "$kernel" "$dir/vmlinuz"
  else
    work=$(mktemp -d /tmp/stratus-kernel.XXXXXX)
    trap 'rm -rf "$work"' EXIT
    chmod 755 "$work"; chown _apt "$work" 2>/dev/null || true   # apt downloads as user _apt
    package=$(apt-cache depends linux-image-amd64 | awk '/Depends: linux-image-/ {print $2; exit}')
    [[ -n $package ]] || { echo "prepare-guest: apt knows no linux-image-amd64 (run apt-get update)" >&2; exit 1; }
    (cd "$work" && apt-get download -q "$package" >/dev/null)
    dpkg-deb -x "$work"/*.deb "$work/x"
    cp "$(ls "$work"/x/boot/vmlinuz-* | head -1)" "$dir/vmlinuz"
  fi
  echo "prepare-guest: kernel $dir/vmlinuz"
fi

if [[ ! -s $dir/initramfs.cpio.gz ]]; then
  busybox=/bin/busybox
  [[ -x $busybox ]] && ! ldd "$busybox" >/dev/null 2>&1 || { echo "prepare-guest: needs busybox-static" >&2; exit 1; }
  stage=$(mktemp -d /tmp/stratus-initramfs.XXXXXX)
  mkdir -p "$stage"/{bin,sbin,proc,sys,dev,tmp}
  cp "$busybox" "$stage/bin/busybox"
  ln -s busybox "$stage/bin/sh"
  mknod -m 600 "$stage/dev/console" c 5 1 2>/dev/null || true
  cat > "$stage/init" <<'INIT'
#!/bin/sh
/bin/busybox --install -s /bin
export PATH=/bin:/sbin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null || true
marker=$(sed -n 's/.*stratus_marker=\([^ ]*\).*/\1/p' /proc/cmdline)
echo "STRATUS-GUEST-BOOTED kernel=$(uname -r) marker=${marker:-none} uptime=$(cut -d' ' -f1 /proc/uptime)s"
while true; do sleep 3600; done
INIT
  chmod +x "$stage/init"
  (cd "$stage" && find . | "$busybox" cpio -o -H newc 2>/dev/null | gzip -9 > "$dir/initramfs.cpio.gz.tmp")
  mv "$dir/initramfs.cpio.gz.tmp" "$dir/initramfs.cpio.gz"
  rm -rf "$stage"
  echo "prepare-guest: initramfs $dir/initramfs.cpio.gz"
fi
