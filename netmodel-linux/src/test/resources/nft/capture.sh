#!/bin/sh
# Captures the nf_tables batches that nft(8) sends for a few small rulesets, as hex, one file
# per case: NAME.hex holds the one sendmsg(2) datagram that starts with NFNL_MSG_BATCH_BEGIN.
#
# Each case runs in a fresh throwaway network namespace: its setup file is applied first (not
# captured), then its ruleset file is applied under `strace -e write=all`, whose hex dump of the
# sendmsg buffers is turned back into bytes. Run as root from this directory:
#   sh capture.sh
# Needs nft, strace and ip. The files here were made with nftables v1.0.6 on Linux 6.18 x86_64.
set -eu

ns="nftcap-$$"
trap 'ip netns del "$ns" 2>/dev/null || true' EXIT

# capture NAME SETUP-RULESET RULESET
capture() {
  name="$1"
  ip netns add "$ns"
  if [ -n "$2" ]; then
    printf '%s\n' "$2" | ip netns exec "$ns" nft -f -
  fi
  printf '%s\n' "$3" > "/tmp/$ns.nft"
  ip netns exec "$ns" strace -qq -e trace=sendmsg -e write=all -o "/tmp/$ns.trace" \
    nft -f "/tmp/$ns.nft"
  {
    printf '# nft -f of:\n'
    printf '%s\n' "$3" | sed 's/^/#   /'
    if [ -n "$2" ]; then printf "# after (not captured):\n"; printf "%s\n" "$2" | sed "s/^/#   /"; fi
    printf '# one line per sendmsg datagram that begins with NFNL_MSG_BATCH_BEGIN (type 0x10)\n'
    # strace prints each buffer as lines "| OFFSET  xx xx ... |": join each buffer's bytes.
    awk '
      /^ \* [0-9]+ bytes in buffer/ { if (hex != "") print hex; hex = ""; next }
      /^ \| [0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]  / {
        line = substr($0, 10, 49); gsub(/ /, "", line); hex = hex line; next
      }
      { if (hex != "") print hex; hex = "" }
      END { if (hex != "") print hex }
    ' "/tmp/$ns.trace" | grep '^........1000'
  } > "$name.hex"
  rm -f "/tmp/$ns.nft" "/tmp/$ns.trace"
  ip netns del "$ns"
}

capture table "" \
  'add table ip netmodel'

capture nat-chain 'add table ip netmodel' \
  'add chain ip netmodel postrouting { type nat hook postrouting priority 100; policy accept; }'

capture masquerade 'add table ip netmodel
add chain ip netmodel postrouting { type nat hook postrouting priority 100; policy accept; }' \
  'add rule ip netmodel postrouting ip saddr 10.213.0.0/24 oifname != "br0" masquerade'

capture dnat 'add table ip netmodel
add chain ip netmodel prerouting { type nat hook prerouting priority -100; policy accept; }' \
  'add rule ip netmodel prerouting tcp dport 8080 dnat to 10.213.0.2:80'

capture filter-chains 'add table ip netmodel' \
  'add chain ip netmodel forward { type filter hook forward priority 0; policy drop; }
add chain ip netmodel isolate'

capture established 'add table ip netmodel
add chain ip netmodel forward { type filter hook forward priority 0; policy drop; }' \
  'add rule ip netmodel forward ct state established,related counter accept'

capture prefix-jump 'add table ip netmodel
add chain ip netmodel forward { type filter hook forward priority 0; policy drop; }
add chain ip netmodel isolate' \
  'add rule ip netmodel forward ip daddr 10.213.0.0/23 iifname "br0" jump isolate'

capture lookup 'add table ip netmodel
add chain ip netmodel forward { type filter hook forward priority 0; policy drop; }
add set ip netmodel published { type inet_service; }' \
  'add rule ip netmodel forward tcp dport @published drop'

# ---- published ports ----

capture fib-jump 'add table ip netmodel
add chain ip netmodel prerouting { type nat hook prerouting priority -100; policy accept; }
add chain ip netmodel pub-br0/e1' \
  'add rule ip netmodel prerouting fib daddr type local jump pub-br0/e1'

capture host-dnat 'add table ip netmodel
add chain ip netmodel pub-br0/e1' \
  'add rule ip netmodel pub-br0/e1 ip daddr 192.168.77.1 udp dport 8080 dnat to 10.9.0.2:80'

capture hairpin 'add table ip netmodel
add chain ip netmodel hp-br0/e1' \
  'add rule ip netmodel hp-br0/e1 oifname "br0" ct status dnat ip daddr 10.9.0.2 fib saddr type local masquerade'

capture ip6-output 'add table ip6 netmodel
add chain ip6 netmodel output { type nat hook output priority -100; policy accept; }
add chain ip6 netmodel pub-br0/e1' \
  'add rule ip6 netmodel output ip6 daddr != ::1 fib daddr type local jump pub-br0/e1'

capture ip6-dnat 'add table ip6 netmodel
add chain ip6 netmodel pub-br0/e1' \
  'add rule ip6 netmodel pub-br0/e1 ip6 daddr fd00::1 tcp dport 8080 dnat to [fd00::2]:80'

capture ip6-hairpin 'add table ip6 netmodel
add chain ip6 netmodel hp-br0/e1' \
  'add rule ip6 netmodel hp-br0/e1 oifname "br0" ct status dnat ip6 daddr fd00::2 ip6 saddr fd00::2 masquerade'

capture direct-access 'add table inet netmodel
add chain inet netmodel fwd-br0/n' \
  'add rule inet netmodel fwd-br0/n oifname "br0" iifname != "br0" ct state new ct status ! dnat drop'

capture localnet-guard 'add table inet netmodel
add chain inet netmodel guard-br0/n' \
  'add rule inet netmodel guard-br0/n iifname "br0" meta nfproto ipv4 ip daddr 127.0.0.0/8 drop'
