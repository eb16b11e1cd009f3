#!/usr/bin/env python3
"""Captures rtnetlink datagrams from the running kernel for the codec's unit tests.

Run as root inside a throwaway namespace prepared by capture.sh (same directory). Each
capture is written as <name>.hex: comment lines starting with '#' saying what was asked,
then the datagrams the kernel answered, one hex line per datagram, in order.
"""
import os
import socket
import struct
import sys

SOL_NETLINK = 270
NETLINK_EXT_ACK = 11
NETLINK_GET_STRICT_CHK = 12
NLM_F_REQUEST, NLM_F_ACK, NLM_F_DUMP = 0x1, 0x4, 0x300
NLM_F_CREATE, NLM_F_EXCL = 0x400, 0x200
NLMSG_ERROR, NLMSG_DONE = 2, 3
RTM_NEWLINK, RTM_GETLINK, RTM_GETADDR, RTM_GETROUTE = 16, 18, 22, 26
IFLA_IFNAME, IFLA_LINKINFO, IFLA_INFO_KIND, IFLA_EXT_MASK = 3, 18, 1, 29
NLA_F_NESTED = 0x8000

out_dir = sys.argv[1]
kernel = os.uname().release
seq = 100


def attr(kind, value):
    length = 4 + len(value)
    return struct.pack("=HH", length, kind) + value + b"\0" * ((4 - length % 4) % 4)


def request(msg_type, flags, body):
    global seq
    seq += 1
    return struct.pack("=IHHII", 16 + len(body), msg_type, flags, seq, 0) + body, seq


def exchange(sock, data, want_seq):
    """Sends one request; collects datagrams until its ack, error or NLMSG_DONE."""
    sock.send(data)
    grams = []
    while True:
        gram = sock.recv(1 << 20)
        grams.append(gram)
        offset, finished = 0, False
        while offset + 16 <= len(gram):
            length, msg_type, _, msg_seq, _ = struct.unpack_from("=IHHII", gram, offset)
            if msg_seq == want_seq and msg_type in (NLMSG_ERROR, NLMSG_DONE):
                finished = True
            offset += (length + 3) & ~3
        if finished:
            return grams


def save(name, what, grams):
    with open(os.path.join(out_dir, name + ".hex"), "w") as f:
        f.write("# Captured from Linux %s by capture.py in a throwaway namespace (capture.sh).\n"
                % kernel)
        f.write("# Request: %s\n" % what)
        for gram in grams:
            f.write(gram.hex() + "\n")


def ifinfomsg(index=0):
    return struct.pack("=BBHiII", 0, 0, 0, index, 0, 0)


s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0)
s.bind((0, 0))
s.setsockopt(SOL_NETLINK, NETLINK_EXT_ACK, 1)
s.setsockopt(SOL_NETLINK, NETLINK_GET_STRICT_CHK, 1)

for name in ("br0", "v0"):
    data, n = request(RTM_GETLINK, NLM_F_REQUEST | NLM_F_ACK,
                      ifinfomsg() + attr(IFLA_EXT_MASK, struct.pack("=I", 0))
                      + attr(IFLA_IFNAME, name.encode() + b"\0"))
    save("getlink-" + name, "RTM_GETLINK ifname=%s, NLM_F_ACK, strict, ext-ack" % name,
         exchange(s, data, n))

data, n = request(RTM_GETLINK, NLM_F_REQUEST | NLM_F_ACK,
                  ifinfomsg() + attr(IFLA_IFNAME, b"nosuch0\0"))
save("getlink-missing", "RTM_GETLINK ifname=nosuch0 (absent), NLM_F_ACK", exchange(s, data, n))

data, n = request(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL,
                  ifinfomsg() + attr(IFLA_IFNAME, b"bad0\0")
                  + attr(IFLA_LINKINFO | NLA_F_NESTED, attr(IFLA_INFO_KIND, b"nosuchkind\0")))
save("newlink-unknown-kind",
     "RTM_NEWLINK ifname=bad0 kind=nosuchkind, NLM_F_ACK|CREATE|EXCL, ext-ack",
     exchange(s, data, n))

data, n = request(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL,
                  ifinfomsg() + attr(IFLA_IFNAME, b"br0\0")
                  + attr(IFLA_LINKINFO | NLA_F_NESTED, attr(IFLA_INFO_KIND, b"bridge\0")))
save("newlink-exists", "RTM_NEWLINK ifname=br0 kind=bridge (exists), NLM_F_ACK|CREATE|EXCL",
     exchange(s, data, n))

data, n = request(RTM_GETADDR, NLM_F_REQUEST | NLM_F_ACK | NLM_F_DUMP,
                  struct.pack("=BBBBi", 0, 0, 0, 0, 0))
save("dump-addr", "RTM_GETADDR dump, family AF_UNSPEC, NLM_F_ACK, strict", exchange(s, data, n))

data, n = request(RTM_GETROUTE, NLM_F_REQUEST | NLM_F_ACK | NLM_F_DUMP,
                  struct.pack("=BBBBBBBBI", socket.AF_INET, 0, 0, 0, 0, 0, 0, 0, 0))
save("dump-route4", "RTM_GETROUTE dump, family AF_INET, NLM_F_ACK, strict", exchange(s, data, n))

data, n = request(RTM_GETROUTE, NLM_F_REQUEST | NLM_F_ACK | NLM_F_DUMP,
                  struct.pack("=BBBBBBBBI", socket.AF_INET6, 0, 0, 0, 0, 0, 0, 0, 0))
save("dump-route6", "RTM_GETROUTE dump, family AF_INET6, NLM_F_ACK, strict", exchange(s, data, n))

data, n = request(RTM_GETLINK, NLM_F_REQUEST | NLM_F_ACK | NLM_F_DUMP, ifinfomsg())
save("dump-link", "RTM_GETLINK dump, NLM_F_ACK, strict", exchange(s, data, n))

# What follows NLMSG_DONE when a dump asked for an ack: read with a timeout.
s.settimeout(0.3)
extra = []
try:
    while True:
        extra.append(s.recv(1 << 20))
except socket.timeout:
    pass
save("after-dump", "whatever arrived within 0.3 s after the last dump's NLMSG_DONE", extra)
