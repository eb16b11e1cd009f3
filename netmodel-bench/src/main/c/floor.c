/*
 * The floor of a bridge-mode attach (issue #9): the same work as netmodel's attach and
 * removal, done with raw syscalls and the fewest rtnetlink messages, by one single-threaded
 * process. netmodel-bench compiles it with `cc -O2` and starts it inside a throwaway host
 * network namespace; it never touches any other namespace.
 *
 *   floor -d DIR -n N [-w WARMUP] [-s 10.97] [-b br0]
 *
 * Setup (not timed): a mount namespace of its own (so every mount it makes dies with it),
 * DIR made a shared mount point as `ip netns` and netmodel make theirs, one bridge with
 * IPv6 off, address S.0.1/16, up.
 *
 * One attach (timed, each step too):
 *   namespace  empty file DIR/fI, unshare(CLONE_NEWNET), bind mount of /proc/self/ns/net on it
 *   socket     a netlink socket opened inside the new namespace (ext ack, strict checking)
 *   veth       one RTM_NEWLINK: host end fhI up, master = bridge, peer eth0 created in the
 *              sandbox (VETH_INFO_PEER with IFLA_IFNAME and IFLA_NET_NS_FD); one transmit
 *              and one receive queue asked for on both ends, as netmodel does (the kernel's
 *              default, one per CPU cut to one after registration, waits for an RCU grace
 *              period under the RTNL lock)
 *   ipv6       /proc/sys/net/ipv6/conf/eth0/disable_ipv6 = 1, written from inside
 *   config     lo up, address S.x.y/16 on eth0, eth0 up, default route via S.0.1: four
 *              requests in one send on the sandbox's socket, then their four acks
 *   return     sockets and fds closed, setns back to the host namespace
 * lo is index 1 and eth0 index 2 in a namespace that had only lo: checked once, by an
 * untimed probe attach, before anything is timed.
 *
 * One detach (timed): umount2(DIR/fI, MNT_DETACH) and unlink; the kernel destroys the
 * namespace and the veth with it in the background.
 *
 * Output, one record a line (times in nanoseconds, CLOCK_MONOTONIC):
 *   floor n=N warmup=W bridge=B subnet=S.0.0/16
 *   attach I NANOS              one per timed sandbox, in order
 *   detach I NANOS
 *   wall attach|detach NANOS    the whole timed loop
 *   step KEY CALLS NANOS WHAT   an attach step summed over the N timed attaches
 *   gone MILLIS                 until the host had no veth left after the last detach
 * Errors: one line "floor: what failed: ENAME (text)" on stderr, everything made so far
 * removed, exit status 1 (2 for bad arguments).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <linux/if.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>

/*
 * linux/sched.h: CLONE_NEWNET, CLONE_NEWNS (the same values as glibc's <sched.h>, which
 * declares unshare and setns and so is included instead).
 * linux/mount.h: MS_BIND, MS_REC, MS_PRIVATE, MS_SHARED, MNT_DETACH (glibc 2.36's
 * <sys/mount.h> declares mount and umount2 and copies these values; the two headers cannot
 * both be included there).
 * linux/netlink.h: NETLINK_ROUTE, NLM_F_*, NLMSG_ERROR, NETLINK_EXT_ACK,
 * NETLINK_GET_STRICT_CHK, NLMSGERR_ATTR_MSG, NLM_F_ACK_TLVS, struct nlmsgerr, nlattr.
 * linux/rtnetlink.h: RTM_*, RT_TABLE_MAIN, RTPROT_BOOT, RT_SCOPE_UNIVERSE, RTN_UNICAST,
 * RTA_GATEWAY, RTA_OIF, RTA_TABLE, struct rtmsg, struct ifinfomsg.
 * linux/if_link.h: IFLA_IFNAME, IFLA_MASTER, IFLA_LINKINFO, IFLA_INFO_KIND, IFLA_INFO_DATA,
 * IFLA_NET_NS_FD, IFLA_NUM_TX_QUEUES, IFLA_NUM_RX_QUEUES.
 * linux/veth.h: VETH_INFO_PEER.
 * linux/if_addr.h: IFA_LOCAL, IFA_ADDRESS, struct ifaddrmsg.
 * linux/if.h: IFF_UP.
 */

/* The kernel gives lo index 1 in every new namespace (LOOPBACK_IFINDEX in the kernel). */
#define LO_INDEX 1
/* The first device made in a namespace that has only lo: checked by the probe attach. */
#define ETH0_INDEX 2
#define MAX_SANDBOXES 1023
#define BUF_SIZE 2048

/* ---- failure and cleanup ------------------------------------------------------------ */

static const char *ns_dir;
static char attached[MAX_SANDBOXES];
static char warm_attached[MAX_SANDBOXES];
static int host_ns = -1;
static int host_nl = -1;
static int bridge_index;
static const char *bridge_name = "br0";

static void cleanup(void);

static void fail(const char *fmt, ...) {
  int err = errno;
  char what[512];
  va_list args;
  va_start(args, fmt);
  vsnprintf(what, sizeof what, fmt, args);
  va_end(args);
  const char *name = strerrorname_np(err);
  fprintf(stderr, "floor: %s: %s (%s)\n", what, name ? name : "?", strerror(err));
  cleanup();
  exit(1);
}

static int64_t now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

/* ---- netlink messages ---------------------------------------------------------------- */

struct buf {
  char data[BUF_SIZE] __attribute__((aligned(NLMSG_ALIGNTO)));
  size_t len;
  int count;           /* messages in it */
  const char *what[8]; /* what each message does, for errors */
};

static uint32_t next_seq = 1;

static void *put(struct buf *b, const void *data, size_t len) {
  size_t aligned = NLMSG_ALIGN(len);
  if (b->len + aligned > BUF_SIZE) {
    errno = EMSGSIZE;
    fail("building a netlink message");
  }
  void *at = b->data + b->len;
  memset(at, 0, aligned);
  if (data) {
    memcpy(at, data, len);
  }
  b->len += aligned;
  return at;
}

static struct nlmsghdr *msg(struct buf *b, uint16_t type, uint16_t flags, const char *what) {
  struct nlmsghdr *h = put(b, NULL, sizeof *h);
  h->nlmsg_type = type;
  h->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
  h->nlmsg_seq = next_seq++;
  b->what[b->count++] = what;
  return h;
}

static void end(struct buf *b, struct nlmsghdr *h) {
  h->nlmsg_len = (uint32_t)(b->data + b->len - (char *)h);
}

static struct nlattr *attr(struct buf *b, uint16_t type, const void *data, size_t len) {
  struct nlattr *a = put(b, NULL, NLA_HDRLEN + len);
  a->nla_type = type;
  a->nla_len = (uint16_t)(NLA_HDRLEN + len);
  if (len) {
    memcpy((char *)a + NLA_HDRLEN, data, len);
  }
  return a;
}

static void attr_u32(struct buf *b, uint16_t type, uint32_t value) {
  attr(b, type, &value, sizeof value);
}

static void attr_str(struct buf *b, uint16_t type, const char *value) {
  attr(b, type, value, strlen(value) + 1);
}

static struct nlattr *nest(struct buf *b, uint16_t type) {
  return attr(b, type, NULL, 0);
}

static void nest_end(struct buf *b, struct nlattr *a) {
  a->nla_len = (uint16_t)(b->data + b->len - (char *)a);
}

static struct ifinfomsg *link_msg(struct buf *b, int index, int up) {
  struct ifinfomsg *ifi = put(b, NULL, sizeof *ifi);
  ifi->ifi_family = AF_UNSPEC;
  ifi->ifi_index = index;
  if (up) {
    ifi->ifi_flags = IFF_UP;
    ifi->ifi_change = IFF_UP;
  }
  return ifi;
}

static int open_netlink(void) {
  int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
  if (fd < 0) {
    fail("socket(AF_NETLINK, NETLINK_ROUTE)");
  }
  int one = 1;
  if (setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof one) < 0) {
    fail("setsockopt(NETLINK_EXT_ACK)");
  }
  if (setsockopt(fd, SOL_NETLINK, NETLINK_GET_STRICT_CHK, &one, sizeof one) < 0) {
    fail("setsockopt(NETLINK_GET_STRICT_CHK)");
  }
  return fd;
}

/* The kernel's extended-ack message of an error, or "". */
static const char *ack_message(const struct nlmsghdr *h) {
  if (!(h->nlmsg_flags & NLM_F_ACK_TLVS)) {
    return "";
  }
  const struct nlmsgerr *e = NLMSG_DATA(h);
  size_t skip = sizeof *e;
  if (!(h->nlmsg_flags & NLM_F_CAPPED)) {
    skip += e->msg.nlmsg_len - sizeof e->msg;
  }
  const char *p = (const char *)e + NLA_ALIGN(skip);
  const char *stop = (const char *)h + h->nlmsg_len;
  while (p + NLA_HDRLEN <= stop) {
    const struct nlattr *a = (const struct nlattr *)p;
    if (a->nla_len < NLA_HDRLEN || p + a->nla_len > stop) {
      break;
    }
    if ((a->nla_type & NLA_TYPE_MASK) == NLMSGERR_ATTR_MSG) {
      return p + NLA_HDRLEN;
    }
    p += NLA_ALIGN(a->nla_len);
  }
  return "";
}

/*
 * Sends every message of b in one send and reads one ack per message; a reply that is not
 * an ack (RTM_GETLINK's answer) is copied to reply when given. Fails on the first error.
 */
static void talk(int fd, struct buf *b, struct buf *reply) {
  uint32_t first = next_seq - (uint32_t)b->count;
  if (send(fd, b->data, b->len, 0) != (ssize_t)b->len) {
    fail("send %s", b->what[0]);
  }
  char in[8192] __attribute__((aligned(NLMSG_ALIGNTO)));
  int acked = 0;
  while (acked < b->count) {
    ssize_t got = recv(fd, in, sizeof in, 0);
    if (got < 0) {
      if (errno == EINTR) {
        continue;
      }
      fail("recv (ack of %s)", b->what[acked]);
    }
    for (struct nlmsghdr *h = (struct nlmsghdr *)in; NLMSG_OK(h, (size_t)got);
         h = NLMSG_NEXT(h, got)) {
      uint32_t i = h->nlmsg_seq - first;
      if (i >= (uint32_t)b->count) {
        continue; /* not ours */
      }
      if (h->nlmsg_type == NLMSG_ERROR) {
        const struct nlmsgerr *e = NLMSG_DATA(h);
        if (e->error != 0) {
          errno = -e->error;
          const char *kernel = ack_message(h);
          fail("%s%s%s", b->what[i], *kernel ? ": " : "", kernel);
        }
        acked++;
      } else if (reply) {
        reply->len = h->nlmsg_len < BUF_SIZE ? h->nlmsg_len : BUF_SIZE;
        memcpy(reply->data, h, reply->len);
      }
    }
  }
  b->len = 0;
  b->count = 0;
}

/* ---- small system helpers ------------------------------------------------------------ */

static void write_file(const char *path, const char *text) {
  int fd = open(path, O_WRONLY | O_CLOEXEC);
  if (fd < 0) {
    fail("open %s", path);
  }
  ssize_t len = (ssize_t)strlen(text);
  if (write(fd, text, (size_t)len) != len) {
    fail("write %s to %s", text, path);
  }
  if (close(fd) < 0) {
    fail("close %s", path);
  }
}

/* How many links the calling process's namespace has: /proc/self/net/dev less 2 heads. */
static int link_count(void) {
  FILE *f = fopen("/proc/self/net/dev", "re");
  if (!f) {
    fail("open /proc/self/net/dev");
  }
  int lines = 0;
  int c;
  while ((c = fgetc(f)) != EOF) {
    lines += c == '\n';
  }
  fclose(f);
  return lines - 2;
}

static int ipv6_present;

/* ---- setup --------------------------------------------------------------------------- */

static void setup(const char *subnet) {
  if (unshare(CLONE_NEWNS) < 0) {
    fail("unshare(CLONE_NEWNS)");
  }
  if (mount("none", "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0) {
    fail("mount / private");
  }
  if (mount(ns_dir, ns_dir, "none", MS_BIND | MS_REC, NULL) < 0) {
    fail("bind mount %s on itself", ns_dir);
  }
  if (mount("none", ns_dir, "none", MS_SHARED | MS_REC, NULL) < 0) {
    fail("make %s a shared mount", ns_dir);
  }
  host_ns = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
  if (host_ns < 0) {
    fail("open /proc/self/ns/net");
  }
  host_nl = open_netlink();
  ipv6_present = access("/proc/sys/net/ipv6/conf/default/disable_ipv6", F_OK) == 0;

  struct buf b = {0};
  struct nlmsghdr *h = msg(&b, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, "RTM_NEWLINK bridge");
  link_msg(&b, 0, 0);
  attr_str(&b, IFLA_IFNAME, bridge_name);
  struct nlattr *info = nest(&b, IFLA_LINKINFO);
  attr_str(&b, IFLA_INFO_KIND, "bridge");
  nest_end(&b, info);
  end(&b, h);
  talk(host_nl, &b, NULL);

  struct buf reply = {0};
  h = msg(&b, RTM_GETLINK, 0, "RTM_GETLINK bridge");
  link_msg(&b, 0, 0);
  attr_str(&b, IFLA_IFNAME, bridge_name);
  end(&b, h);
  talk(host_nl, &b, &reply);
  if (reply.len < NLMSG_LENGTH(sizeof(struct ifinfomsg))) {
    errno = ENODEV;
    fail("RTM_GETLINK %s: no answer", bridge_name);
  }
  bridge_index = ((struct ifinfomsg *)NLMSG_DATA((struct nlmsghdr *)reply.data))->ifi_index;

  if (ipv6_present) { /* as netmodel makes an IPv4-only network's bridge */
    char path[128];
    snprintf(path, sizeof path, "/proc/sys/net/ipv6/conf/%s/accept_ra", bridge_name);
    write_file(path, "0");
    snprintf(path, sizeof path, "/proc/sys/net/ipv6/conf/%s/disable_ipv6", bridge_name);
    write_file(path, "1");
  }
  char gateway[32];
  snprintf(gateway, sizeof gateway, "%s.0.1", subnet);
  struct in_addr gw;
  if (inet_pton(AF_INET, gateway, &gw) != 1) {
    errno = EINVAL;
    fail("subnet start %s", subnet);
  }
  h = msg(&b, RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL, "RTM_NEWADDR bridge gateway");
  struct ifaddrmsg *ifa = put(&b, NULL, sizeof *ifa);
  ifa->ifa_family = AF_INET;
  ifa->ifa_prefixlen = 16;
  ifa->ifa_scope = RT_SCOPE_UNIVERSE;
  ifa->ifa_index = (uint32_t)bridge_index;
  attr(&b, IFA_LOCAL, &gw, sizeof gw);
  attr(&b, IFA_ADDRESS, &gw, sizeof gw);
  end(&b, h);
  h = msg(&b, RTM_NEWLINK, 0, "RTM_NEWLINK bridge up");
  link_msg(&b, bridge_index, 1);
  end(&b, h);
  talk(host_nl, &b, NULL);
}

/* ---- attach and detach --------------------------------------------------------------- */

enum step { NAMESPACE, SOCKET, VETH, IPV6, CONFIG, RETURN, STEPS };
static const char *step_key[STEPS] = {"namespace", "socket", "veth", "ipv6", "config", "return"};
static const char *step_what[STEPS] = {
    "namespace: file, unshare, bind mount",
    "netlink socket opened in the sandbox",
    "veth, eth0 inside, on bridge, up (1 msg)",
    "eth0 IPv6 off (sysctl written inside)",
    "lo/eth0 up, address, route (4 msgs, 1 send)",
    "setns back to the host, closes",
};
static int64_t step_nanos[STEPS];
static int step_calls[STEPS];
static int timing_steps;

static void mark(enum step s, int64_t *t) {
  int64_t t1 = now();
  if (timing_steps) {
    step_nanos[s] += t1 - *t;
    step_calls[s]++;
  }
  *t = t1;
}

static void ns_path(char *path, size_t size, const char *kind, int i) {
  snprintf(path, size, "%s/%s%d", ns_dir, kind, i);
}

/* Checks that eth0 is index 2 in a sandbox (the probe); runs inside it, untimed. */
static void check_eth0(int nl) {
  struct buf b = {0};
  struct buf reply = {0};
  struct nlmsghdr *h = msg(&b, RTM_GETLINK, 0, "RTM_GETLINK eth0 (probe)");
  link_msg(&b, 0, 0);
  attr_str(&b, IFLA_IFNAME, "eth0");
  end(&b, h);
  talk(nl, &b, &reply);
  int index = reply.len >= NLMSG_LENGTH(sizeof(struct ifinfomsg))
                  ? ((struct ifinfomsg *)NLMSG_DATA((struct nlmsghdr *)reply.data))->ifi_index
                  : 0;
  if (index != ETH0_INDEX) {
    errno = ENODEV;
    fail("eth0 is index %d in a new namespace, not %d: this kernel makes other devices there",
         index, ETH0_INDEX);
  }
}

static void attach(const char *kind, int i, const char *subnet, int probe) {
  char path[512];
  ns_path(path, sizeof path, kind, i);
  int64_t t = now();

  int fd = open(path, O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0);
  if (fd < 0) {
    fail("create %s", path);
  }
  close(fd);
  if (unshare(CLONE_NEWNET) < 0) {
    fail("unshare(CLONE_NEWNET) for %s", path);
  }
  if (mount("/proc/self/ns/net", path, "none", MS_BIND, NULL) < 0) {
    fail("bind mount /proc/self/ns/net on %s", path);
  }
  mark(NAMESPACE, &t);

  int nl = open_netlink();
  mark(SOCKET, &t);

  int ns = open(path, O_RDONLY | O_CLOEXEC);
  if (ns < 0) {
    fail("open %s", path);
  }
  char host_end[IFNAMSIZ];
  snprintf(host_end, sizeof host_end, "%sh%d", kind, i);
  struct buf b = {0};
  struct nlmsghdr *h =
      msg(&b, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, "RTM_NEWLINK veth (peer eth0 in sandbox)");
  link_msg(&b, 0, 1);
  attr_str(&b, IFLA_IFNAME, host_end);
  attr_u32(&b, IFLA_MASTER, (uint32_t)bridge_index);
  attr_u32(&b, IFLA_NUM_TX_QUEUES, 1);
  attr_u32(&b, IFLA_NUM_RX_QUEUES, 1);
  struct nlattr *info = nest(&b, IFLA_LINKINFO);
  attr_str(&b, IFLA_INFO_KIND, "veth");
  struct nlattr *data = nest(&b, IFLA_INFO_DATA);
  struct nlattr *peer = nest(&b, VETH_INFO_PEER);
  link_msg(&b, 0, 0);
  attr_str(&b, IFLA_IFNAME, "eth0");
  attr_u32(&b, IFLA_NET_NS_FD, (uint32_t)ns);
  attr_u32(&b, IFLA_NUM_TX_QUEUES, 1);
  attr_u32(&b, IFLA_NUM_RX_QUEUES, 1);
  nest_end(&b, peer);
  nest_end(&b, data);
  nest_end(&b, info);
  end(&b, h);
  talk(host_nl, &b, NULL);
  close(ns);
  mark(VETH, &t);

  if (probe) {
    check_eth0(nl);
  }
  if (ipv6_present) {
    write_file("/proc/sys/net/ipv6/conf/eth0/disable_ipv6", "1");
  }
  mark(IPV6, &t);

  int host = i + 2;
  char text[32];
  snprintf(text, sizeof text, "%s.%d.%d", subnet, host >> 8, host & 0xff);
  struct in_addr address;
  struct in_addr gw;
  inet_pton(AF_INET, text, &address);
  snprintf(text, sizeof text, "%s.0.1", subnet);
  inet_pton(AF_INET, text, &gw);

  h = msg(&b, RTM_NEWLINK, 0, "RTM_NEWLINK lo up");
  link_msg(&b, LO_INDEX, 1);
  end(&b, h);
  h = msg(&b, RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL, "RTM_NEWADDR eth0");
  struct ifaddrmsg *ifa = put(&b, NULL, sizeof *ifa);
  ifa->ifa_family = AF_INET;
  ifa->ifa_prefixlen = 16;
  ifa->ifa_scope = RT_SCOPE_UNIVERSE;
  ifa->ifa_index = ETH0_INDEX;
  attr(&b, IFA_LOCAL, &address, sizeof address);
  attr(&b, IFA_ADDRESS, &address, sizeof address);
  end(&b, h);
  h = msg(&b, RTM_NEWLINK, 0, "RTM_NEWLINK eth0 up");
  link_msg(&b, ETH0_INDEX, 1);
  end(&b, h);
  h = msg(&b, RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL, "RTM_NEWROUTE default via the gateway");
  struct rtmsg *rt = put(&b, NULL, sizeof *rt);
  rt->rtm_family = AF_INET;
  rt->rtm_table = RT_TABLE_MAIN;
  rt->rtm_protocol = RTPROT_BOOT;
  rt->rtm_scope = RT_SCOPE_UNIVERSE;
  rt->rtm_type = RTN_UNICAST;
  attr(&b, RTA_GATEWAY, &gw, sizeof gw);
  attr_u32(&b, RTA_OIF, ETH0_INDEX);
  end(&b, h);
  talk(nl, &b, NULL);
  mark(CONFIG, &t);

  close(nl);
  if (setns(host_ns, CLONE_NEWNET) < 0) {
    fail("setns back to the host namespace");
  }
  mark(RETURN, &t);
}

static void detach(const char *kind, int i) {
  char path[512];
  ns_path(path, sizeof path, kind, i);
  if (umount2(path, MNT_DETACH) < 0) {
    fail("umount2 %s", path);
  }
  if (unlink(path) < 0) {
    fail("unlink %s", path);
  }
}

/* Waits (1 ms polls, at most a minute) until the host has at most links links. */
static int64_t await_links(int links) {
  int64_t start = now();
  while (link_count() > links) {
    if (now() - start > 60LL * 1000000000) {
      errno = ETIMEDOUT;
      fail("the host still has more than %d links a minute after the detaches", links);
    }
    struct timespec pause = {0, 1000000};
    nanosleep(&pause, NULL);
  }
  return (now() - start) / 1000000;
}

/*
 * The kernel's count of network namespaces, live or not yet destroyed: the active objects of
 * the net_namespace slab cache; -1 where /proc/slabinfo cannot be read.
 */
static long kernel_namespaces(void) {
  FILE *f = fopen("/proc/slabinfo", "re");
  if (!f) {
    return -1;
  }
  char line[512];
  long count = -1;
  while (fgets(line, sizeof line, f)) {
    if (strncmp(line, "net_namespace ", 14) == 0) {
      count = strtol(line + 14, NULL, 10);
      break;
    }
  }
  fclose(f);
  return count;
}

/*
 * Waits (50 ms polls, at most a minute) until the kernel has stopped destroying namespaces:
 * their count has not gone down for 300 ms. Deleted namespaces are destroyed in the
 * background under the RTNL lock an attach needs, as netmodel's benchmark waits for too.
 */
static void await_namespaces_at_rest(void) {
  int64_t start = now();
  long last = kernel_namespaces();
  int steady = 0;
  while (last >= 0 && steady < 6 && now() - start < 60LL * 1000000000) {
    struct timespec pause = {0, 50000000};
    nanosleep(&pause, NULL);
    long count = kernel_namespaces();
    steady = count >= 0 && count >= last ? steady + 1 : 0;
    last = count;
  }
}

static void cleanup(void) {
  if (host_ns >= 0) {
    setns(host_ns, CLONE_NEWNET);
  }
  char path[512];
  for (int i = 0; i < MAX_SANDBOXES; i++) {
    if (attached[i]) {
      ns_path(path, sizeof path, "f", i);
      umount2(path, MNT_DETACH);
      unlink(path);
    }
  }
  for (int i = 0; i < MAX_SANDBOXES; i++) {
    if (warm_attached[i]) {
      ns_path(path, sizeof path, "w", i);
      umount2(path, MNT_DETACH);
      unlink(path);
    }
  }
  ns_path(path, sizeof path, "p", 0);
  if (umount2(path, MNT_DETACH) == 0 || errno == EINVAL) {
    unlink(path);
  }
  if (host_nl >= 0 && bridge_index > 0) {
    struct buf b = {0};
    struct nlmsghdr *h = msg(&b, RTM_DELLINK, 0, "RTM_DELLINK bridge");
    link_msg(&b, bridge_index, 0);
    end(&b, h);
    bridge_index = 0; /* a failure below must not come back here */
    send(host_nl, b.data, b.len, 0);
  }
  if (ns_dir) {
    umount2(ns_dir, MNT_DETACH);
  }
}

/* ---- main ---------------------------------------------------------------------------- */

static int number(const char *text, int min, int max, const char *option) {
  char *stop;
  long value = strtol(text, &stop, 10);
  if (*text == '\0' || *stop != '\0' || value < min || value > max) {
    fprintf(stderr, "floor: %s out of range %d..%d: %s\n", option, min, max, text);
    exit(2);
  }
  return (int)value;
}

int main(int argc, char **argv) {
  int n = 0;
  int warmup = 0;
  const char *subnet = "10.97";
  int opt;
  while ((opt = getopt(argc, argv, "d:n:w:s:b:")) != -1) {
    switch (opt) {
      case 'd': ns_dir = optarg; break;
      case 'n': n = number(optarg, 1, MAX_SANDBOXES, "-n"); break;
      case 'w': warmup = number(optarg, 0, MAX_SANDBOXES, "-w"); break;
      case 's': subnet = optarg; break;
      case 'b': bridge_name = optarg; break;
      default:
        fprintf(stderr, "usage: floor -d DIR -n N [-w WARMUP] [-s 10.97] [-b br0]\n");
        return 2;
    }
  }
  if (!ns_dir || n == 0 || optind != argc) {
    fprintf(stderr, "usage: floor -d DIR -n N [-w WARMUP] [-s 10.97] [-b br0]\n");
    return 2;
  }
  if (strlen(bridge_name) >= IFNAMSIZ) {
    fprintf(stderr, "floor: bridge name longer than %d: %s\n", IFNAMSIZ - 1, bridge_name);
    return 2;
  }
  setup(subnet);
  int baseline = link_count();

  /* The probe: eth0's index checked; then the warm-up, and the wait until the kernel has
   * destroyed its namespaces; none of it timed. */
  attach("p", 0, subnet, 1);
  detach("p", 0);
  for (int i = 0; i < warmup; i++) {
    warm_attached[i] = 1; /* before: a half-made sandbox is removed too */
    attach("w", i, subnet, 0);
  }
  for (int i = 0; i < warmup; i++) {
    detach("w", i);
    warm_attached[i] = 0;
  }
  await_links(baseline);
  await_namespaces_at_rest();

  printf("floor n=%d warmup=%d bridge=%s subnet=%s.0.0/16\n", n, warmup, bridge_name, subnet);
  static int64_t attach_ns[MAX_SANDBOXES];
  static int64_t detach_ns[MAX_SANDBOXES];
  timing_steps = 1;
  int64_t start = now();
  for (int i = 0; i < n; i++) {
    attached[i] = 1;
    int64_t t0 = now();
    attach("f", i, subnet, 0);
    attach_ns[i] = now() - t0;
  }
  int64_t attach_wall = now() - start;
  timing_steps = 0;
  start = now();
  for (int i = 0; i < n; i++) {
    int64_t t0 = now();
    detach("f", i);
    detach_ns[i] = now() - t0;
    attached[i] = 0;
  }
  int64_t detach_wall = now() - start;
  int64_t gone = await_links(baseline);

  for (int i = 0; i < n; i++) {
    printf("attach %d %lld\n", i, (long long)attach_ns[i]);
  }
  for (int i = 0; i < n; i++) {
    printf("detach %d %lld\n", i, (long long)detach_ns[i]);
  }
  printf("wall attach %lld\n", (long long)attach_wall);
  printf("wall detach %lld\n", (long long)detach_wall);
  for (int s = 0; s < STEPS; s++) {
    printf("step %s %d %lld %s\n", step_key[s], step_calls[s], (long long)step_nanos[s],
           step_what[s]);
  }
  printf("gone %lld\n", (long long)gone);
  cleanup();
  if (fflush(stdout) != 0) {
    fail("write the results");
  }
  return 0;
}
