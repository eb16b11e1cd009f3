package io.netmodel.core.kernel;

import java.util.Optional;

/** The kinds of link the modes use, by the name the kernel reports in {@code IFLA_INFO_KIND}. */
public enum LinkKind {
  LOOPBACK(""),
  VETH("veth"),
  BRIDGE("bridge"),
  MACVLAN("macvlan"),
  IPVLAN("ipvlan"),
  VLAN("vlan"),
  VXLAN("vxlan"),
  DUMMY("dummy");

  private final String kernelKind;

  LinkKind(String kernelKind) {
    this.kernelKind = kernelKind;
  }

  /** The {@code IFLA_INFO_KIND} string; empty for loopback, which has none. */
  public String kernelKind() {
    return kernelKind;
  }

  /** The kind the kernel calls {@code name}, if it is one of these. */
  public static Optional<LinkKind> fromKernel(String name) {
    for (LinkKind kind : values()) {
      if (!kind.kernelKind.isEmpty() && kind.kernelKind.equals(name)) {
        return Optional.of(kind);
      }
    }
    return Optional.empty();
  }
}
