package io.netmodel.testkit.kernel;

import io.netmodel.api.namespace.NamespaceHandle;
import io.netmodel.api.net.InterfaceName;
import io.netmodel.core.kernel.KernelFeature;
import io.netmodel.core.kernel.Link;
import io.netmodel.core.kernel.LinkChange;
import io.netmodel.core.kernel.LinkKind;
import io.netmodel.core.kernel.LinkOptions;
import io.netmodel.core.kernel.LinkSpec;
import io.netmodel.core.kernel.Links;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The links of one fake namespace, refused as Linux refuses them: a taken name is {@code
 * EEXIST}, a missing link {@code ENODEV}, a missing master {@code EINVAL}, a master that is
 * not a bridge {@code EOPNOTSUPP}, a full bridge (1023 ports) {@code EXFULL}, an MTU above a
 * stacked device's parent {@code EINVAL}, a kind not in the kernel's features {@code
 * EOPNOTSUPP}, hairpin mode asked of a link that is not (yet) a bridge's port {@code
 * EOPNOTSUPP}. A refused request changes nothing.
 */
final class FakeLinks implements Links {
  /** Port numbers of a bridge are 1..BR_MAX_PORTS-1 (net/bridge/br_private.h). */
  static final int BR_MAX_PORTS = 1024;

  private final KernelState state;
  private final NetNamespace ns;

  FakeLinks(KernelState state, NetNamespace ns) {
    this.state = state;
    this.ns = ns;
  }

  @Override
  public Link add(LinkSpec spec) {
    Objects.requireNonNull(spec, "spec");
    synchronized (state) {
      checkAlive();
      return create(spec, ns);
    }
  }

  @Override
  public void addIn(LinkSpec spec, NamespaceHandle target) {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(target, "target");
    if (spec.options().master().isPresent()) {
      throw new IllegalArgumentException(
          "a link created in another namespace cannot be given a master: " + spec.name());
    }
    if (spec.options().noIpv6Addresses()) {
      throw new IllegalArgumentException(
          "a link created in another namespace cannot have its IPv6 address generation set"
              + " with it: " + spec.name());
    }
    synchronized (state) {
      checkAlive();
      create(spec, state.resolve(target));
    }
  }

  /** Creates {@code spec} in {@code target}; parents and masters are links of this namespace. */
  private Link create(LinkSpec spec, NetNamespace target) {
    String object = describe(spec);
    {
      if (!state.features.contains(featureOf(spec.kind()))) {
        throw Errno.EOPNOTSUPP.of("RTM_NEWLINK", object, "Unknown device type");
      }
      String name = spec.name().toString();
      if (target.link(name).isPresent()) {
        throw Errno.EEXIST.of("RTM_NEWLINK", object);
      }
      LinkState parent = null;
      if (spec instanceof LinkSpec.Macvlan
          || spec instanceof LinkSpec.Ipvlan
          || spec instanceof LinkSpec.Vlan) {
        parent = lowerDevice(parentIndex(spec), object);
      } else if (spec instanceof LinkSpec.Vxlan) {
        Optional<Integer> underlay = ((LinkSpec.Vxlan) spec).underlay();
        if (underlay.isPresent()) {
          parent = ns.link(underlay.get()).orElseThrow(() -> Errno.ENODEV.of("RTM_NEWLINK", object));
        }
        checkVni((LinkSpec.Vxlan) spec, object);
      }
      if (parent != null && spec.options().mtu().isPresent()
          && spec.options().mtu().getAsInt() > parent.mtu) {
        throw Errno.EINVAL.of("RTM_NEWLINK", object, "mtu greater than device maximum");
      }
      LinkState bridge = spec.options().master().isPresent()
          ? checkMaster(spec.options().master().getAsInt(), null, "RTM_NEWLINK", object)
          : null;
      NetNamespace peerNs = null;
      if (spec instanceof LinkSpec.Veth) {
        LinkSpec.Veth veth = (LinkSpec.Veth) spec;
        peerNs = state.resolve(veth.peerNamespace());
        String peerName = veth.peerName().toString();
        if (peerNs.link(peerName).isPresent() || (peerNs == target && peerName.equals(name))) {
          throw Errno.EEXIST.of("RTM_NEWLINK", object);
        }
        if (veth.peerOptions().up()) {
          // Linux configures the peer before the pair is joined: veth_open finds no peer.
          throw Errno.ENOTCONN.of("RTM_NEWLINK", object);
        }
      }
      // Checked: now create, the veth peer first as Linux does.
      LinkState link = newLink(spec.kind(), name, spec.options(), parent);
      if (spec instanceof LinkSpec.Veth) {
        LinkSpec.Veth veth = (LinkSpec.Veth) spec;
        LinkState peer = newLink(LinkKind.VETH, veth.peerName().toString(), veth.peerOptions(), null);
        state.attach(peerNs, peer, 0);
        link.peer = peer;
        peer.peer = link;
      }
      if (spec instanceof LinkSpec.Macvlan) {
        link.macvlanMode = ((LinkSpec.Macvlan) spec).mode();
      }
      if (spec instanceof LinkSpec.Vxlan) {
        link.vni = ((LinkSpec.Vxlan) spec).vni();
        link.port = ((LinkSpec.Vxlan) spec).port();
        if (parent != null) {
          boolean v6 = ((LinkSpec.Vxlan) spec).local().map(a -> !KernelState.isIpv4(a)).orElse(false);
          link.mtu = spec.options().mtu().orElse(parent.mtu - (v6 ? 70 : 50));
        }
      }
      state.attach(target, link, 0);
      if (bridge != null) {
        link.master = bridge;
        state.adjustBridgeMtu(bridge);
      }
      // Up last, as Linux configures a new link after registering it (and enslaving it).
      if (spec.options().up()) {
        state.setUp(link, true);
      }
      if (link.up) {
        state.settle();
      }
      return link.toLink();
    }
  }

  private LinkState newLink(LinkKind kind, String name, LinkOptions options, LinkState parent) {
    LinkState link = new LinkState(kind);
    link.name = name;
    boolean stacked = parent != null && kind != LinkKind.VXLAN;
    link.mtu = options.mtu().orElse(stacked ? parent.mtu : KernelState.ETHERNET_MTU);
    link.mtuSetByUser = options.mtu().isPresent();
    if (options.macAddress().isPresent()) {
      link.macAddress = options.macAddress().get();
    } else if (kind == LinkKind.IPVLAN || kind == LinkKind.VLAN) {
      link.macAddress = parent.macAddress;
    } else {
      link.macAddress = state.randomMac();
    }
    link.group = options.group().orElse(0);
    link.noIpv6Addresses = options.noIpv6Addresses();
    link.parent = parent;
    return link;
  }

  private LinkState lowerDevice(int index, String object) {
    LinkState parent =
        ns.link(index).orElseThrow(() -> Errno.ENODEV.of("RTM_NEWLINK", object));
    if (parent.isLoopback()) {
      throw Errno.EINVAL.of("RTM_NEWLINK", object);
    }
    // A macvlan on a macvlan sits on the lower device of the first, as in Linux.
    return parent.kind == LinkKind.MACVLAN && parent.parent != null ? parent.parent : parent;
  }

  private void checkVni(LinkSpec.Vxlan spec, String object) {
    for (LinkState other : ns.links.values()) {
      if (other.kind == LinkKind.VXLAN && other.vni == spec.vni() && other.port == spec.port()) {
        throw Errno.EEXIST.of(
            "RTM_NEWLINK", object, "A VXLAN device with the specified VNI already exists");
      }
    }
  }

  /** The bridge {@code index}, checked as {@code do_set_master} checks it. */
  private LinkState checkMaster(int index, LinkState port, String operation, String object) {
    LinkState bridge = ns.link(index).orElseThrow(() -> Errno.EINVAL.of(operation, object));
    if (bridge.kind != LinkKind.BRIDGE) {
      throw Errno.EOPNOTSUPP.of(operation, object);
    }
    if (port != null && port.master == bridge) {
      return bridge;
    }
    if (bridge == port) {
      throw Errno.EINVAL.of(operation, object);
    }
    if (state.ports(bridge).size() >= BR_MAX_PORTS - 1) {
      throw Errno.EXFULL.of(operation, object);
    }
    return bridge;
  }

  @Override
  public Optional<Link> get(InterfaceName name) {
    synchronized (state) {
      checkAlive();
      return ns.link(name.toString()).map(LinkState::toLink);
    }
  }

  @Override
  public Optional<Link> get(int index) {
    Links.checkIndex(index);
    synchronized (state) {
      checkAlive();
      return ns.link(index).map(LinkState::toLink);
    }
  }

  @Override
  public List<Link> list() {
    synchronized (state) {
      checkAlive();
      List<Link> out = new ArrayList<>();
      ns.links.values().forEach(l -> out.add(l.toLink()));
      return out;
    }
  }

  @Override
  public void change(int index, LinkChange change) {
    Links.checkIndex(index);
    Objects.requireNonNull(change, "change");
    if (change.isEmpty()) {
      return;
    }
    String object = describe(index, change);
    synchronized (state) {
      checkAlive();
      LinkState link = ns.link(index).orElseThrow(() -> Errno.ENODEV.of("RTM_NEWLINK", object));
      if (change.hairpin().isPresent() && link.master == null) {
        // The port's slave data goes to the link's master as it is before this request,
        // ahead of every other part of it: no master yet, nobody to take it.
        throw Errno.EOPNOTSUPP.of("RTM_NEWLINK", object);
      }
      NetNamespace target = change.namespace().map(state::resolve).orElse(ns);
      String newName = change.name().map(InterfaceName::toString).orElse(link.name);
      if (target != ns) {
        if (link.isLoopback() || link.kind == LinkKind.BRIDGE) {
          throw Errno.EINVAL.of("RTM_NEWLINK", object);
        }
        if (target.link(newName).isPresent()) {
          throw Errno.EEXIST.of("RTM_NEWLINK", object);
        }
      } else if (!newName.equals(link.name) && ns.link(newName).isPresent()) {
        throw Errno.EEXIST.of("RTM_NEWLINK", object);
      }
      if (change.mtu().isPresent()) {
        int mtu = change.mtu().getAsInt();
        boolean stacked = link.parent != null && link.kind != LinkKind.VXLAN;
        if (stacked && mtu > link.parent.mtu) {
          throw Errno.EINVAL.of("RTM_NEWLINK", object, "mtu greater than device maximum");
        }
      }
      LinkState bridge = null;
      if (change.master().isPresent() && change.master().getAsInt() != 0) {
        if (target != ns) {
          // The master is looked up in the namespace the link ends up in.
          bridge = new FakeLinks(state, target)
              .checkMaster(change.master().getAsInt(), link, "RTM_NEWLINK", object);
        } else {
          bridge = checkMaster(change.master().getAsInt(), link, "RTM_NEWLINK", object);
        }
      }
      // Checked: apply, the port's mode first, then the move as do_setlink does.
      change.hairpin().ifPresent(hairpin -> link.hairpin = hairpin);
      if (target != ns) {
        state.detach(link);
        link.name = newName;
        state.attach(target, link, link.index);
      } else if (!newName.equals(link.name)) {
        Sysctl.renameLink(ns.sysctls, link.name, newName);
        link.name = newName;
      }
      if (change.mtu().isPresent()) {
        link.mtu = change.mtu().getAsInt();
        if (link.kind == LinkKind.BRIDGE) {
          link.mtuSetByUser = true;
        }
        if (link.master != null) {
          state.adjustBridgeMtu(link.master);
        }
      }
      change.macAddress().ifPresent(mac -> link.macAddress = mac);
      if (change.master().isPresent()) {
        LinkState old = link.master;
        if (old != bridge) {
          // Leaving a bridge ends the port; a new one starts without hairpin mode.
          link.hairpin = false;
        }
        link.master = bridge;
        if (old != null) {
          state.adjustBridgeMtu(old);
        }
        if (bridge != null) {
          state.adjustBridgeMtu(bridge);
        }
      }
      change.up().ifPresent(up -> state.setUp(link, up));
      state.settle();
    }
  }

  @Override
  public boolean delete(int index) {
    Links.checkIndex(index);
    synchronized (state) {
      checkAlive();
      Optional<LinkState> link = ns.link(index);
      if (link.isEmpty()) {
        return false;
      }
      if (link.get().isLoopback()) {
        throw Errno.EOPNOTSUPP.of("RTM_DELLINK", "link " + index);
      }
      state.destroy(link.get());
      return true;
    }
  }

  @Override
  public void deleteGroup(int group) {
    if (group == 0) {
      throw new IllegalArgumentException(
          "interface group 0 is the default group of every link; refusing to delete it: 0");
    }
    synchronized (state) {
      checkAlive();
      for (LinkState link : new ArrayList<>(ns.links.values())) {
        if (link.group == group && !link.isLoopback()) {
          state.destroy(link);
        }
      }
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>This kernel has no work of its own running after a request: a port is enabled as soon
   * as it and its bridge are up and it has a carrier, so the answer is given at once, without
   * waiting out {@code timeout}.
   */
  @Override
  public boolean awaitPortEnabled(int port, int bridge, Duration timeout) {
    Links.checkPortWait(port, bridge, timeout);
    synchronized (state) {
      checkAlive();
      LinkState p = ns.link(port).orElseThrow(() -> Errno.ENODEV.of("RTM_GETLINK", "link " + port));
      LinkState b =
          ns.link(bridge).orElseThrow(() -> Errno.ENODEV.of("RTM_GETLINK", "link " + bridge));
      if (p.master != b) {
        throw Links.notAPortOf(port, p.name, bridge, b.name);
      }
      return b.up && state.carrier(p);
    }
  }

  private void checkAlive() {
    if (!ns.alive) {
      throw new IllegalStateException(ns + " no longer exists");
    }
  }

  private static KernelFeature featureOf(LinkKind kind) {
    switch (kind) {
      case VETH:
        return KernelFeature.VETH;
      case BRIDGE:
        return KernelFeature.BRIDGE;
      case MACVLAN:
        return KernelFeature.MACVLAN;
      case IPVLAN:
        return KernelFeature.IPVLAN;
      case VLAN:
        return KernelFeature.VLAN;
      case VXLAN:
        return KernelFeature.VXLAN;
      case DUMMY:
        return KernelFeature.DUMMY;
      default:
        throw new IllegalArgumentException("loopback is never created: every namespace has one");
    }
  }

  private static int parentIndex(LinkSpec spec) {
    if (spec instanceof LinkSpec.Macvlan) {
      return ((LinkSpec.Macvlan) spec).parent();
    }
    if (spec instanceof LinkSpec.Ipvlan) {
      return ((LinkSpec.Ipvlan) spec).parent();
    }
    return ((LinkSpec.Vlan) spec).parent();
  }

  /** The object of a creating request, worded as the Linux port words it. */
  static String describe(LinkSpec spec) {
    String name = spec.name().toString();
    if (spec instanceof LinkSpec.Veth) {
      LinkSpec.Veth veth = (LinkSpec.Veth) spec;
      return name + " (peer " + veth.peerName() + " in " + describe(veth.peerNamespace()) + ")";
    }
    String kind = spec.kind().kernelKind();
    if (spec instanceof LinkSpec.Macvlan || spec instanceof LinkSpec.Ipvlan
        || spec instanceof LinkSpec.Vlan) {
      return name + " (" + kind + " on link " + parentIndex(spec) + ")";
    }
    return name + " (" + kind + ")";
  }

  static String describe(NamespaceHandle ns) {
    return "ns "
        + ns.name().or(() -> ns.path().map(Object::toString)).orElseGet(() -> ns.id().toString());
  }

  private static String describe(int index, LinkChange change) {
    List<String> parts = new ArrayList<>();
    change.up().ifPresent(up -> parts.add(up ? "up" : "down"));
    change.mtu().ifPresent(mtu -> parts.add("mtu " + mtu));
    change.macAddress().ifPresent(mac -> parts.add("address " + mac));
    change.name().ifPresent(name -> parts.add("name " + name));
    change.master().ifPresent(m -> parts.add(m == 0 ? "nomaster" : "master " + m));
    change.namespace().ifPresent(ns -> parts.add("to " + describe(ns)));
    change.hairpin().ifPresent(h -> parts.add("hairpin " + (h ? "on" : "off")));
    return "link " + index + " (" + String.join(", ", parts) + ")";
  }
}
