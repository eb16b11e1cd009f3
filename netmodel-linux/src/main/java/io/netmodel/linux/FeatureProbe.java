package io.netmodel.linux;

import io.netmodel.api.KernelException;
import io.netmodel.api.namespace.NamespaceHandle;
import io.netmodel.api.net.InterfaceName;
import io.netmodel.core.kernel.KernelFeature;
import io.netmodel.core.kernel.Link;
import io.netmodel.core.kernel.LinkOptions;
import io.netmodel.core.kernel.LinkSpec;
import io.netmodel.core.kernel.Links;
import io.netmodel.linux.nft.NftClient;
import io.netmodel.linux.nft.NftFamily;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds out which link drivers the kernel has by creating one link of each kind in a
 * scratch namespace, deleted afterwards: the kernel answers {@code EOPNOTSUPP} for a kind
 * whose driver is neither built in nor loadable; and whether it has nf_tables, by listing its
 * tables there. Nothing outside the scratch namespace is touched.
 */
final class FeatureProbe {
  private static final Logger log = LoggerFactory.getLogger(FeatureProbe.class);

  private FeatureProbe() {}

  static Set<KernelFeature> probe(LinuxKernel kernel) {
    byte[] random = new byte[4];
    new SecureRandom().nextBytes(random);
    String name = "nmprobe-" + HexFormat.of().formatHex(random);
    Set<KernelFeature> found = EnumSet.noneOf(KernelFeature.class);
    try (NamespaceHandle ns = kernel.namespaces().create(name)) {
      Links links = kernel.links(ns);
      LinkOptions none = LinkOptions.none();
      Optional<Link> veth =
          attempt(
              found,
              KernelFeature.VETH,
              links,
              new LinkSpec.Veth(
                  probeName("va"), none, probeName("vb"), ns, none));
      attempt(found, KernelFeature.BRIDGE, links, new LinkSpec.Bridge(probeName("br"), none));
      attempt(found, KernelFeature.DUMMY, links, new LinkSpec.Dummy(probeName("dm"), none));
      attempt(
          found,
          KernelFeature.VXLAN,
          links,
          new LinkSpec.Vxlan(
              probeName("vx"), none, 42, 4789, false, Optional.empty(), Optional.empty()));
      if (veth.isPresent()) {
        int parent = veth.get().index();
        attempt(
            found,
            KernelFeature.MACVLAN,
            links,
            new LinkSpec.Macvlan(
                probeName("mv"), none, parent, LinkSpec.MacvlanMode.BRIDGE));
        attempt(
            found,
            KernelFeature.IPVLAN,
            links,
            new LinkSpec.Ipvlan(
                probeName("iv"), none, parent, LinkSpec.IpvlanMode.L2,
                LinkSpec.IpvlanFlag.BRIDGE));
        attempt(found, KernelFeature.VLAN, links, new LinkSpec.Vlan(probeName("vl"), none, parent, 42));
      }
      if (hasNfTables(ns)) {
        found.add(KernelFeature.NF_TABLES);
      }
    } finally {
      kernel.namespaces().delete(name);
    }
    log.debug("kernel link drivers found: {}", found);
    return Set.copyOf(found);
  }

  private static Optional<Link> attempt(
      Set<KernelFeature> found, KernelFeature feature, Links links, LinkSpec spec) {
    try {
      Link link = links.add(spec);
      found.add(feature);
      return Optional.of(link);
    } catch (KernelException e) {
      if (missingDriver(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** Whether nf_tables answers a dump of its tables from inside {@code ns}. */
  private static boolean hasNfTables(NamespaceHandle ns) {
    try (NftClient nft = ns.call(NftClient::open)) {
      nft.tables(NftFamily.INET);
      return true;
    } catch (KernelException e) {
      if (e.is("EPROTONOSUPPORT") || missingDriver(e)) {
        return false;
      }
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("cannot probe nf_tables", e);
    }
  }

  /** Whether a refused creation means the kernel lacks the kind's driver. */
  private static boolean missingDriver(KernelException e) {
    return e.is("EOPNOTSUPP") || e.is("EAFNOSUPPORT");
  }

  private static InterfaceName probeName(String kind) {
    return InterfaceName.of("nmprobe-" + kind);
  }
}
