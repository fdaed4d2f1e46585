#!/usr/bin/env bash
# Runs a command inside a private network namespace made for this run: loopback
# plus one veth pair whose far end goes nowhere, and the default route into it.
# Chromium needs a non-loopback interface to gather ICE candidates; here that
# interface is our own, so every packet of the tests stays inside the namespace
# and nothing (not even Chromium's background calls) can leave the machine.
# Without root or iproute2 it says so and runs the command in place.
set -euo pipefail
if [ "$(id -u)" -ne 0 ] || ! command -v ip >/dev/null || [ -n "${CONSULTDESK_NO_NETNS:-}" ]; then
  echo "[netns] not root, no iproute2, or CONSULTDESK_NO_NETNS set: running without a private network namespace" >&2
  exec "$@"
fi
NS="consultdesk-test-$$"
# Namespaces the tests make inside this one (the clinic link) are named after
# it, so they go with it even when a test process was killed before its own
# clean-up ran.
export CONSULTDESK_TEST_NETNS="$NS"
cleanup() {
  for inner in $(ip netns list 2>/dev/null | awk '{print $1}' | grep "^$NS-" || true); do
    ip netns del "$inner" 2>/dev/null || true
  done
  ip netns del "$NS" 2>/dev/null || true
}
trap cleanup EXIT
ip netns add "$NS"
in_ns() { ip netns exec "$NS" "$@"; }
in_ns ip link set lo up
in_ns ip link add cd-host type veth peer name cd-void
in_ns ip addr add 10.77.0.1/24 dev cd-host
in_ns ip link set cd-host up
in_ns ip link set cd-void up
in_ns ip route add default dev cd-host
set +e
in_ns "$@"
status=$?
exit $status
