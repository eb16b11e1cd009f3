package io.netmodel.core.kernel;

import io.netmodel.api.namespace.NamespaceHandle;
import io.netmodel.api.net.InterfaceName;
import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * A link to create, one record per kind; each carries its name and the {@link LinkOptions}
 * set in the same request. Loopback is never created (every namespace has one).
 */
public sealed interface LinkSpec {

  /** The new link's name. */
  InterfaceName name();

  /** Attributes set in the creating request. */
  LinkOptions options();

  /** The kind of link this creates. */
  LinkKind kind();

  /**
   * A veth pair. The peer is created directly in {@code peerNamespace} under {@code peerName},
   * with its own MTU and MAC; the near end ({@code name}) stays in the namespace the request
   * is made in, with {@code options} (typically the bridge as master).
   */
  record Veth(
      InterfaceName name,
      LinkOptions options,
      InterfaceName peerName,
      NamespaceHandle peerNamespace,
      LinkOptions peerOptions)
      implements LinkSpec {
    public Veth {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(options, "options");
      Objects.requireNonNull(peerName, "peerName");
      Objects.requireNonNull(peerNamespace, "peerNamespace");
      Objects.requireNonNull(peerOptions, "peerOptions");
      if (peerOptions.master().isPresent()) {
        throw new IllegalArgumentException(
            "a veth peer created in another namespace cannot have a master: " + peerName);
      }
      if (peerOptions.noIpv6Addresses()) {
        throw new IllegalArgumentException(
            "a veth peer's IPv6 address generation is set after it is made, not with it: "
                + peerName);
      }
    }

    @Override
    public LinkKind kind() {
      return LinkKind.VETH;
    }
  }

  /** A bridge. */
  record Bridge(InterfaceName name, LinkOptions options) implements LinkSpec {
    public Bridge {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(options, "options");
    }

    @Override
    public LinkKind kind() {
      return LinkKind.BRIDGE;
    }
  }

  /** A dummy device. */
  record Dummy(InterfaceName name, LinkOptions options) implements LinkSpec {
    public Dummy {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(options, "options");
    }

    @Override
    public LinkKind kind() {
      return LinkKind.DUMMY;
    }
  }

  /** A macvlan device on {@code parent} (an index in the requesting namespace). */
  record Macvlan(InterfaceName name, LinkOptions options, int parent, MacvlanMode mode)
      implements LinkSpec {
    public Macvlan {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(options, "options");
      Objects.requireNonNull(mode, "mode");
      checkIndex(parent, "macvlan parent");
    }

    @Override
    public LinkKind kind() {
      return LinkKind.MACVLAN;
    }
  }

  /** An ipvlan device on {@code parent}. */
  record Ipvlan(
      InterfaceName name, LinkOptions options, int parent, IpvlanMode mode, IpvlanFlag flag)
      implements LinkSpec {
    public Ipvlan {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(options, "options");
      Objects.requireNonNull(mode, "mode");
      Objects.requireNonNull(flag, "flag");
      checkIndex(parent, "ipvlan parent");
      if (options.macAddress().isPresent()) {
        throw new IllegalArgumentException(
            "an ipvlan device shares its parent's MAC address; none may be set: " + name);
      }
    }

    @Override
    public LinkKind kind() {
      return LinkKind.IPVLAN;
    }
  }

  /** An 802.1q VLAN sub-interface of {@code parent}. */
  record Vlan(InterfaceName name, LinkOptions options, int parent, int vlanId)
      implements LinkSpec {
    public Vlan {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(options, "options");
      checkIndex(parent, "vlan parent");
      if (vlanId < 1 || vlanId > 4094) {
        throw new IllegalArgumentException("VLAN id out of range 1..4094: " + vlanId);
      }
    }

    @Override
    public LinkKind kind() {
      return LinkKind.VLAN;
    }
  }

  /**
   * A VXLAN device: VNI, destination UDP port, learning, and optionally the local address and
   * the underlay device (an index).
   */
  record Vxlan(
      InterfaceName name,
      LinkOptions options,
      int vni,
      int port,
      boolean learning,
      Optional<InetAddress> local,
      Optional<Integer> underlay)
      implements LinkSpec {
    public Vxlan {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(options, "options");
      Objects.requireNonNull(local, "local");
      Objects.requireNonNull(underlay, "underlay");
      if (vni < 1 || vni > 0xFFFFFF) {
        throw new IllegalArgumentException("VXLAN VNI out of range 1..16777215: " + vni);
      }
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("VXLAN UDP port out of range 1..65535: " + port);
      }
      underlay.ifPresent(index -> checkIndex(index, "vxlan underlay"));
    }

    @Override
    public LinkKind kind() {
      return LinkKind.VXLAN;
    }
  }

  /** Macvlan modes, values of {@code enum macvlan_mode} in {@code linux/if_link.h}. */
  enum MacvlanMode {
    PRIVATE(1),
    VEPA(2),
    BRIDGE(4),
    PASSTHRU(8);

    private final int value;

    MacvlanMode(int value) {
      this.value = value;
    }

    /** The {@code MACVLAN_MODE_*} value. */
    public int value() {
      return value;
    }
  }

  /** Ipvlan modes, {@code enum ipvlan_mode} in {@code linux/if_link.h}. */
  enum IpvlanMode {
    L2(0),
    L3(1),
    L3S(2);

    private final int value;

    IpvlanMode(int value) {
      this.value = value;
    }

    /** The {@code IPVLAN_MODE_*} value. */
    public int value() {
      return value;
    }
  }

  /** Ipvlan flags, {@code IPVLAN_F_*} in {@code linux/if_link.h}; bridge is no flag. */
  enum IpvlanFlag {
    BRIDGE(0),
    PRIVATE(1),
    VEPA(2);

    private final int value;

    IpvlanFlag(int value) {
      this.value = value;
    }

    /** The {@code IPVLAN_F_*} bits. */
    public int value() {
      return value;
    }
  }

  private static void checkIndex(int index, String what) {
    if (index <= 0) {
      throw new IllegalArgumentException(what + " index must be positive: " + index);
    }
  }
}
