package io.netmodel.core.kernel;

/**
 * A capability a kernel port may or may not have: a link driver the kernel has, or a
 * subsystem. Drivers ask for what they need when a network is created, so that a missing
 * driver is reported by name then, not as a bare EOPNOTSUPP at the first connect.
 */
public enum KernelFeature {
  VETH("veth"),
  BRIDGE("bridge"),
  MACVLAN("macvlan"),
  IPVLAN("ipvlan"),
  VLAN("8021q"),
  VXLAN("vxlan"),
  DUMMY("dummy"),
  NF_TABLES("nf_tables");

  private final String kernelName;

  KernelFeature(String kernelName) {
    this.kernelName = kernelName;
  }

  /** The name of the kernel driver or module, as {@code modprobe} knows it. */
  public String kernelName() {
    return kernelName;
  }
}
