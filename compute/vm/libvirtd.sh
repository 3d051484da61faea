#!/usr/bin/env bash
# Starts virtlogd and libvirtd (qemu:///system) when they are not running, on a host without systemd
# (a CI container). libvirtd runs under `tini -s` when tini is there, so QEMU processes it double-forks
# are reaped at once (destroy takes ~0.2 s instead of 1-2 s). Needs root and libvirt-daemon-system.
#
#   compute/vm/libvirtd.sh
set -euo pipefail
[[ $(id -u) -eq 0 ]] || { echo "libvirtd.sh: needs root" >&2; exit 1; }
getent passwd libvirt-qemu >/dev/null || { echo "libvirtd.sh: install libvirt-daemon-system" >&2; exit 1; }
mkdir -p /var/log/libvirt/qemu /run/libvirt
# /dev/kvm as udev leaves it on Debian (root:kvm 0660; libvirt-qemu is in group kvm). A container without udev
# has it root-only: QEMU's capability probe (as root) then sees KVM but libvirt's check for libvirt-qemu does not,
# so libvirtd throws its capabilities cache away and probes QEMU again on every define (~10 s each, not 0.05 s).
# Guests still run under TCG (<domain type='qemu'>); this only makes the cache consistent.
if [[ -c /dev/kvm ]] && getent group kvm >/dev/null; then
  chgrp kvm /dev/kvm && chmod 660 /dev/kvm
fi
running() { [[ -r $1 ]] && kill -0 "$(cat "$1")" 2>/dev/null; }
wait_for() { for _ in $(seq 100); do eval "$1" && return 0; sleep 0.1; done; return 1; }

if ! running /run/virtlogd.pid; then
  /usr/sbin/virtlogd -d
  wait_for 'running /run/virtlogd.pid' || { echo "libvirtd.sh: virtlogd did not start" >&2; exit 1; }
fi
if ! running /run/libvirtd.pid; then
  if command -v tini >/dev/null; then
    (cd / && setsid tini -s -- /usr/sbin/libvirtd >>/var/log/libvirt/libvirtd-stderr.log 2>&1 </dev/null &)
  else
    /usr/sbin/libvirtd -d
  fi
  wait_for 'running /run/libvirtd.pid && [[ -S /run/libvirt/libvirt-sock ]]' \
    || { echo "libvirtd.sh: libvirtd did not start; see /var/log/libvirt" >&2; exit 1; }
fi
# the first connection probes the QEMU binaries (seconds, once per machine)
virsh -q -c qemu:///system version >/dev/null
echo "libvirtd.sh: qemu:///system is up (libvirtd pid $(cat /run/libvirtd.pid))"
