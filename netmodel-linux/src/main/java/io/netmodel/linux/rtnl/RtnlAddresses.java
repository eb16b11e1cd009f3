package io.netmodel.linux.rtnl;

import io.netmodel.api.KernelException;
import io.netmodel.api.net.IpPrefix;
import io.netmodel.core.kernel.AddressEntry;
import io.netmodel.core.kernel.Addresses;
import io.netmodel.linux.netlink.MessageWriter;
import io.netmodel.linux.netlink.Netlink;
import io.netmodel.linux.netlink.NetlinkClient;
import io.netmodel.linux.netlink.NetlinkMessage;
import io.netmodel.linux.netlink.NetlinkRequest;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The IPv4 and IPv6 addresses of one namespace over rtnetlink.
 *
 * <pre>{@code
 * RtnlAddresses addresses = new RtnlAddresses(client);
 * addresses.add(AddressEntry.of(eth0, IpPrefix.parse("172.17.0.2/16")));
 * }</pre>
 *
 * <p>An IPv4 address gets {@code IFA_LOCAL} and {@code IFA_ADDRESS} (both the address) and,
 * for prefixes up to /30, the subnet's broadcast address ({@code IFA_BROADCAST}) as Docker
 * sets it; addresses in 127.0.0.0/8 get host scope as {@code ip} gives them. {@link
 * AddressEntry#noDad()} becomes {@code IFA_F_NODAD}.
 *
 * <p>Thread-safe, as its client is.
 */
public final class RtnlAddresses implements Addresses {
  private static final int EADDRNOTAVAIL = 99;

  private final NetlinkClient client;

  /** @param client a client on a {@code NETLINK_ROUTE} socket of the namespace */
  public RtnlAddresses(NetlinkClient client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  @Override
  public void add(AddressEntry address) {
    add(address, true);
  }

  /**
   * Adds an address, with or without an IPv4 broadcast address.
   *
   * @param withBroadcast whether an IPv4 address up to /30 gets its subnet's broadcast address
   * @throws KernelException {@code EEXIST} if the link has it, {@code ENODEV} if there is no
   *     such link
   */
  public void add(AddressEntry address, boolean withBroadcast) {
    client.execute(addRequest(address, withBroadcast));
  }

  /** The request {@link #add(AddressEntry, boolean)} sends, for a pipeline of requests. */
  public static NetlinkRequest addRequest(AddressEntry address, boolean withBroadcast) {
    Objects.requireNonNull(address, "address");
    return NetlinkRequest.of(
        "RTM_NEWADDR", describe(address), Rtnl.RTM_NEWADDR,
        Netlink.NLM_F_CREATE | Netlink.NLM_F_EXCL,
        w -> write(w, address, withBroadcast));
  }

  @Override
  public boolean delete(AddressEntry address) {
    Objects.requireNonNull(address, "address");
    try {
      client.execute(
          NetlinkRequest.of(
              "RTM_DELADDR", describe(address), Rtnl.RTM_DELADDR, 0,
              w -> write(w, address, false)));
      return true;
    } catch (KernelException e) {
      if (e.errno() == EADDRNOTAVAIL) {
        return false;
      }
      throw e;
    }
  }

  @Override
  public List<AddressEntry> list(int index) {
    if (index <= 0) {
      throw new IllegalArgumentException("link index must be positive: " + index);
    }
    List<AddressEntry> out = new ArrayList<>();
    for (AddressMessage m : dump(index)) {
      out.add(toEntry(m));
    }
    return out;
  }

  @Override
  public List<AddressEntry> list() {
    List<AddressEntry> out = new ArrayList<>();
    for (AddressMessage m : dump(0)) {
      out.add(toEntry(m));
    }
    return out;
  }

  /**
   * Every IPv4 and IPv6 address of link {@code index} (0: of every link) as the kernel
   * describes it. The kernel filters by link when the socket has strict checking on; the
   * filter is applied here as well.
   */
  public List<AddressMessage> dump(int index) {
    NetlinkRequest request =
        NetlinkRequest.of(
            "RTM_GETADDR", index == 0 ? "all addresses" : "addresses of link " + index,
            Rtnl.RTM_GETADDR, 0,
            w -> w.u8(Rtnl.AF_UNSPEC).u8(0).u8(0).u8(0).u32(index));
    List<AddressMessage> out = new ArrayList<>();
    for (NetlinkMessage m : client.dump(request)) {
      if (m.type() == Rtnl.RTM_NEWADDR && AddressMessage.isInet(m)) {
        AddressMessage a = AddressMessage.parse(m);
        if (index == 0 || a.index() == index) {
          out.add(a);
        }
      }
    }
    return out;
  }

  /** The {@link AddressEntry} core's drivers see. */
  public static AddressEntry toEntry(AddressMessage m) {
    return new AddressEntry(m.index(), IpPrefix.of(m.address(), m.prefixLength()), m.noDad());
  }

  // struct ifaddrmsg: family, prefixlen, flags, scope, index; then the attributes.
  private static void write(MessageWriter w, AddressEntry entry, boolean withBroadcast) {
    InetAddress address = entry.prefix().address();
    int length = entry.prefix().length();
    boolean v4 = address instanceof Inet4Address;
    int scope =
        v4 && (address.getAddress()[0] & 0xFF) == 127 ? Rtnl.RT_SCOPE_HOST : Rtnl.RT_SCOPE_UNIVERSE;
    w.u8(Inet.family(address))
        .u8(length)
        .u8(entry.noDad() ? Ifa.IFA_F_NODAD : 0)
        .u8(scope)
        .u32(entry.index());
    if (v4) {
      w.attrBytes(Ifa.IFA_LOCAL, address.getAddress());
    }
    w.attrBytes(Ifa.IFA_ADDRESS, address.getAddress());
    if (v4 && withBroadcast && length <= 30) {
      w.attrBytes(Ifa.IFA_BROADCAST, broadcast(address.getAddress(), length));
    }
  }

  private static byte[] broadcast(byte[] address, int length) {
    byte[] out = address.clone();
    for (int bit = length; bit < 32; bit++) {
      out[bit / 8] |= (byte) (0x80 >>> (bit % 8));
    }
    return out;
  }

  private static String describe(AddressEntry address) {
    return address.prefix() + " on link " + address.index();
  }
}
