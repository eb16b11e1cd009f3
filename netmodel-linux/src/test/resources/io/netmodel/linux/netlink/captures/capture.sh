#!/bin/sh
# Re-captures the *.hex files of this directory from the running kernel (needs root).
# A throwaway namespace gets a bridge, a veth pair on it, IPv4 and IPv6 addresses and a
# default route; capture.py then asks the kernel about them.
set -eu
dir=$(cd "$(dirname "$0")" && pwd)
ns=nmcap-$$
ip netns add "$ns"
trap 'ip netns del "$ns"' EXIT
ip -n "$ns" link add br0 type bridge
ip -n "$ns" link add v0 mtu 1400 address 02:00:00:00:00:01 type veth peer name v1
ip -n "$ns" link set v0 master br0
ip -n "$ns" link set lo up
ip -n "$ns" link set br0 up
ip -n "$ns" link set v0 up
ip -n "$ns" addr add 10.9.0.1/24 dev br0
ip -n "$ns" addr add fd00:9::1/64 dev br0 nodad
ip -n "$ns" route add default via 10.9.0.254 dev br0 metric 7
ip netns exec "$ns" python3 "$dir/capture.py" "$dir"
