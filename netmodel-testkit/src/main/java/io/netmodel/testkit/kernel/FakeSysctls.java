package io.netmodel.testkit.kernel;

import io.netmodel.api.NotFoundException;
import io.netmodel.core.kernel.Sysctls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/**
 * The sysctls of one fake namespace, with the effects the modes rely on: {@code
 * ipv4/ip_forward} and {@code ipv4/conf/all/forwarding} are one value that reaches every
 * interface, as do IPv6's {@code all} values; setting {@code disable_ipv6} on an interface
 * removes its IPv6 addresses and routes, clearing it gives an up interface its link-local
 * address back. A missing key is a {@link NotFoundException}, a value the kernel would not
 * parse an {@link UncheckedIOException}, as on Linux.
 */
final class FakeSysctls implements Sysctls {
  private final KernelState state;
  private final NetNamespace ns;

  FakeSysctls(KernelState state, NetNamespace ns) {
    this.state = state;
    this.ns = ns;
  }

  @Override
  public Optional<String> get(String key) {
    Sysctls.checkKey(key);
    synchronized (state) {
      return Optional.ofNullable(ns.sysctls.get(key));
    }
  }

  @Override
  public void set(String key, String value) {
    Sysctls.checkKey(key);
    if (value.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("sysctl value must be one line: \"" + value + "\"");
    }
    synchronized (state) {
      if (!ns.sysctls.containsKey(key)) {
        throw new NotFoundException("sysctl", "net/" + key);
      }
      String stored = value.trim();
      if (Sysctl.takesInteger(key)) {
        try {
          stored = Integer.toString(Integer.parseInt(stored));
        } catch (NumberFormatException e) {
          throw invalid(key, value, e);
        }
      } else {
        stored = portRange(ns.sysctls.get(key), key, value);
      }
      if (key.equals(Sysctl.IP_FORWARD) || key.equals(Sysctl.IPV4_CONF + "all/forwarding")) {
        spread(Sysctl.IPV4_CONF, "forwarding", stored);
        ns.sysctls.put(Sysctl.IP_FORWARD, stored);
      } else if (key.equals(Sysctl.IPV6_CONF + "all/forwarding")) {
        spread(Sysctl.IPV6_CONF, "forwarding", stored);
      } else if (key.equals(Sysctl.IPV6_CONF + "all/disable_ipv6")) {
        ns.sysctls.put(key, stored);
        ns.sysctls.put(Sysctl.IPV6_CONF + "default/disable_ipv6", stored);
        for (LinkState link : List.copyOf(ns.links.values())) {
          setDisableIpv6(link, stored);
        }
      } else if (key.startsWith(Sysctl.IPV6_CONF) && key.endsWith("/disable_ipv6")
          && !key.equals(Sysctl.IPV6_CONF + "default/disable_ipv6")) {
        String linkName =
            key.substring(Sysctl.IPV6_CONF.length(), key.length() - "/disable_ipv6".length());
        setDisableIpv6(ns.link(linkName).orElseThrow(), stored);
      } else {
        ns.sysctls.put(key, stored);
      }
    }
  }

  /** The kernel's refusal of a value: EINVAL, which the write reports. */
  private UncheckedIOException invalid(String key, String value, Exception cause) {
    return new UncheckedIOException(
        "sysctl in namespace " + ns.id + " failed",
        new IOException("Invalid argument: net/" + key + " = \"" + value + "\"", cause));
  }

  /**
   * The port range {@code value} sets, as Linux reads it back ({@code "LOW\tHIGH"}): one
   * number sets the low end only; the low end may not lie below 1024 (the first unprivileged
   * port) nor above the high end, the high end not above 65535.
   */
  private String portRange(String current, String key, String value) {
    String[] parts = value.trim().split("\\s+");
    String[] old = current.trim().split("\\s+");
    try {
      int low = Integer.parseInt(parts[0]);
      int high = parts.length > 1 ? Integer.parseInt(parts[1]) : Integer.parseInt(old[1]);
      if (parts.length > 2 || low < 1024 || low > high || high > 65535) {
        throw invalid(key, value, null);
      }
      return low + "\t" + high;
    } catch (NumberFormatException e) {
      throw invalid(key, value, e);
    }
  }

  /** Sets {@code name} in every directory of a family ({@code all}, {@code default}, links). */
  private void spread(String family, String name, String value) {
    for (String key : List.copyOf(ns.sysctls.keySet())) {
      if (key.startsWith(family) && key.endsWith("/" + name)) {
        ns.sysctls.put(key, value);
      }
    }
  }

  private void setDisableIpv6(LinkState link, String value) {
    boolean wasEnabled = state.ipv6Enabled(link);
    ns.sysctls.put(Sysctl.disableIpv6Key(link.name), value);
    if (wasEnabled && !state.ipv6Enabled(link)) {
      state.flushIpv6(link);
    }
    state.settle();
  }
}
