package io.netmodel.testkit.kernel;

import io.netmodel.core.kernel.AddressEntry;
import io.netmodel.core.kernel.Addresses;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The addresses of one fake namespace. As in Linux: an IPv4 address is a duplicate ({@code
 * EEXIST}) when the link has the same address with the same prefix length, an IPv6 one when
 * it has the same address at all; a missing link is {@code ENODEV}; an IPv6 address on a link
 * whose {@code disable_ipv6} is set is refused with {@code EACCES}. Adding an address to an up
 * link adds the kernel's route to its subnet; listing gives IPv4 addresses, then IPv6.
 */
final class FakeAddresses implements Addresses {
  private final KernelState state;
  private final NetNamespace ns;

  FakeAddresses(KernelState state, NetNamespace ns) {
    this.state = state;
    this.ns = ns;
  }

  @Override
  public void add(AddressEntry address) {
    Objects.requireNonNull(address, "address");
    String object = describe(address);
    synchronized (state) {
      LinkState link =
          ns.link(address.index()).orElseThrow(() -> Errno.ENODEV.of("RTM_NEWADDR", object));
      boolean v4 = address.prefix().isIpv4();
      if (!v4 && !state.ipv6Enabled(link)) {
        throw Errno.EACCES.of("RTM_NEWADDR", object, "IPv6 is disabled on this device");
      }
      for (AddressEntry existing : ns.addresses) {
        if (existing.index() == address.index()
            && existing.prefix().address().equals(address.prefix().address())
            && (!v4 || existing.prefix().length() == address.prefix().length())) {
          throw Errno.EEXIST.of(
              "RTM_NEWADDR",
              object,
              v4 ? "ipv4: Address already assigned" : "ipv6: address already assigned");
        }
      }
      ns.addresses.add(address);
      state.addPrefixRoute(link, address.prefix());
    }
  }

  @Override
  public boolean delete(AddressEntry address) {
    Objects.requireNonNull(address, "address");
    synchronized (state) {
      LinkState link =
          ns.link(address.index())
              .orElseThrow(() -> Errno.ENODEV.of("RTM_DELADDR", describe(address)));
      boolean removed =
          ns.addresses.removeIf(
              a -> a.index() == address.index() && a.prefix().equals(address.prefix()));
      if (removed) {
        state.removePrefixRoute(link, address.prefix());
      }
      return removed;
    }
  }

  @Override
  public List<AddressEntry> list(int index) {
    if (index <= 0) {
      throw new IllegalArgumentException("link index must be positive: " + index);
    }
    List<AddressEntry> out = new ArrayList<>();
    for (AddressEntry a : list()) {
      if (a.index() == index) {
        out.add(a);
      }
    }
    return out;
  }

  @Override
  public List<AddressEntry> list() {
    synchronized (state) {
      List<AddressEntry> out = new ArrayList<>();
      for (boolean v4 : new boolean[] {true, false}) {
        for (LinkState link : ns.links.values()) {
          for (AddressEntry a : ns.addresses) {
            if (a.index() == link.index && a.prefix().isIpv4() == v4) {
              out.add(a);
            }
          }
        }
      }
      return out;
    }
  }

  private static String describe(AddressEntry address) {
    return address.prefix() + " on link " + address.index();
  }
}
