package io.netmodel.linux;

import io.netmodel.api.KernelException;
import io.netmodel.api.net.InterfaceName;
import io.netmodel.api.net.IpPrefix;
import io.netmodel.core.kernel.Firewall;
import io.netmodel.core.kernel.Sysctls;
import io.netmodel.linux.nft.ChainHook;
import io.netmodel.linux.nft.Expression;
import io.netmodel.linux.nft.NftBatch;
import io.netmodel.linux.nft.NftChain;
import io.netmodel.linux.nft.NftChainType;
import io.netmodel.linux.nft.NftClient;
import io.netmodel.linux.nft.NftFamily;
import io.netmodel.linux.nft.NftHook;
import io.netmodel.linux.nft.NftMatch;
import io.netmodel.linux.nft.NftRule;
import io.netmodel.linux.nft.NftSet;
import io.netmodel.linux.nft.NftSetKey;
import io.netmodel.linux.nft.NftValue;
import io.netmodel.linux.nft.NftVerdict;
import io.netmodel.linux.sys.Errnos;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Firewall} of one namespace on nf_tables, in two tables named {@value #TABLE}:
 *
 * <ul>
 *   <li>{@code ip}: base chain {@code postrouting} (nat, srcnat priority 100) jumping to each
 *       network's {@code nat-BRIDGE/NETWORK} chain of {@code ip saddr SUBNET oifname != BRIDGE
 *       masquerade} rules;
 *   <li>{@code inet}: base chain {@code forward} (filter, priority 0, policy accept), set {@code
 *       bridges} of every network's bridge, and each network's {@code fwd-BRIDGE/NETWORK} chain:
 *       {@code iifname BRIDGE oifname @bridges oifname != BRIDGE drop} (isolation) and, for an
 *       internal network, {@code iifname BRIDGE oifname != BRIDGE drop} and {@code oifname BRIDGE
 *       iifname != BRIDGE drop}; for a network without ICC, {@code iifname BRIDGE oifname BRIDGE
 *       drop}.
 * </ul>
 *
 * <p>ICC off works as Docker's does, through br_netfilter: frames bridged between two ports
 * reach the ip hooks only when {@code net.bridge.bridge-nf-call-iptables} (and {@code
 * -ip6tables}) is 1, and then come in and go out through the bridge itself. {@link #addNetwork}
 * turns both on for a network without ICC and never off; without br_netfilter in the kernel it
 * refuses such a network before changing anything. (The bridge family's {@code meta ibrname}
 * would avoid br_netfilter, but needs {@code CONFIG_NFT_BRIDGE_META}, which kernels may lack:
 * the kernel answers {@code EOPNOTSUPP}.)
 *
 * <p>The chains' names are the record of which networks are installed: neither an interface
 * name nor a network name holds a {@code /}, so {@code fwd-BRIDGE/NETWORK} reads back without
 * ambiguity, and a restarted program sees the same {@link #networks()}. Each change reads what
 * the kernel holds (tables, chains, the base chains' rules) and then applies one batch: the
 * network's jump rules found by their verdict's chain and deleted by handle, its chains, its
 * bridge in the set, and its new rules, all or nothing. A table left with nothing of anyone
 * else's is deleted. A table only exists while a network needs it: the {@code ip} table while one
 * is masqueraded.
 *
 * <p>Thread-safe: every {@code LinuxFirewall} of a namespace shares its one {@link NftClient},
 * whose monitor serializes their read-then-apply. Another process changing the same tables
 * between the read and the apply makes the batch fail (it names a rule or chain that is gone, or
 * one that exists); the change is then read and tried again, {@value #ATTEMPTS} times at most.
 */
final class LinuxFirewall implements Firewall {
  static final String TABLE = "netmodel";
  static final String BRIDGES_SET = "bridges";
  static final int ATTEMPTS = 3;

  private static final Logger log = LoggerFactory.getLogger(LinuxFirewall.class);
  private static final char SEPARATOR = '/';
  private static final int EOPNOTSUPP = 95; // asm-generic/errno.h
  private static final List<String> BR_NETFILTER_KEYS =
      List.of("bridge/bridge-nf-call-iptables", "bridge/bridge-nf-call-ip6tables");

  /** netmodel's part of each table: its family, base chain and per-network chain prefix. */
  enum Part {
    NAT(NftFamily.IP, "postrouting", "nat-",
        ChainHook.of(NftChainType.NAT, NftHook.POSTROUTING, 100)),
    FORWARD(NftFamily.INET, "forward", "fwd-",
        ChainHook.of(NftChainType.FILTER, NftHook.FORWARD, 0));

    final NftFamily family;
    final String baseChain;
    final String prefix;
    final ChainHook hook;

    Part(NftFamily family, String baseChain, String prefix, ChainHook hook) {
      this.family = family;
      this.baseChain = baseChain;
      this.prefix = prefix;
      this.hook = hook;
    }

    /** This part's chain for {@code network} on {@code bridge}. */
    String chain(InterfaceName bridge, String network) {
      return prefix + bridge.value() + SEPARATOR + network;
    }
  }

  /** A network's chain found in the kernel, its name read back. */
  private record Placed(String chain, InterfaceName bridge, String network) {}

  /** What one table holds of interest: whether it exists, its chains, the base chain's rules. */
  private record TableView(
      boolean exists, List<NftChain> chains, List<NftRule> baseRules, List<NftSet> sets) {
    static final TableView ABSENT = new TableView(false, List.of(), List.of(), List.of());
  }

  private final NftClient nft;
  private final Sysctls sysctls;

  /**
   * The firewall over {@code nft}, a client opened inside the namespace (and shared by every
   * instance of that namespace), and {@code sysctls}, the same namespace's.
   */
  LinuxFirewall(NftClient nft, Sysctls sysctls) {
    this.nft = Objects.requireNonNull(nft, "nft");
    this.sysctls = Objects.requireNonNull(sysctls, "sysctls");
  }

  @Override
  public void addNetwork(BridgeRules rules) {
    Objects.requireNonNull(rules, "rules");
    checkNetwork(rules.network());
    Set<Part> needed = partsOf(rules);
    if (!rules.icc()) {
      enableBridgedFiltering();
    }
    applyWithRetry("add network " + rules.network(), views -> {
      NftBatch.Builder batch = NftBatch.builder();
      for (Part part : Part.values()) {
        removeFrom(batch, part, views.get(part), rules.network(), needed.contains(part));
      }
      for (Part part : needed) {
        addTo(batch, part, rules);
      }
      return Optional.of(batch.build());
    });
    if (!rules.internal()) {
      enableForwarding();
    }
    log.debug("firewall rules of network {} on {} installed ({})", rules.network(),
        rules.bridge(), needed);
  }

  @Override
  public void removeNetwork(String network) {
    checkNetwork(network);
    applyWithRetry("remove network " + network, views -> {
      NftBatch.Builder batch = NftBatch.builder();
      boolean any = false;
      for (Part part : Part.values()) {
        any |= removeFrom(batch, part, views.get(part), network, false);
      }
      return any ? Optional.of(batch.build()) : Optional.empty();
    });
  }

  @Override
  public List<String> networks() {
    synchronized (nft) {
      Set<String> names = new TreeSet<>();
      for (NftChain c : nft.chains(Part.FORWARD.family, TABLE)) {
        placed(Part.FORWARD, c.name()).ifPresent(p -> names.add(p.network()));
      }
      return List.copyOf(names);
    }
  }

  @Override
  public String toString() {
    return "LinuxFirewall(" + nft + ")";
  }

  private interface Plan {
    Optional<NftBatch> of(Map<Part, TableView> views);
  }

  private void applyWithRetry(String what, Plan plan) {
    synchronized (nft) {
      for (int attempt = 1; ; attempt++) {
        Optional<NftBatch> batch = plan.of(read());
        if (batch.isEmpty()) {
          return;
        }
        try {
          nft.apply(batch.get());
          return;
        } catch (KernelException e) {
          boolean raced = e.is("ENOENT") || e.is("EEXIST") || e.is("EBUSY");
          if (!raced || attempt >= ATTEMPTS) {
            throw e;
          }
          log.debug("firewall batch to {} failed ({}), reading the tables again (attempt {})",
              what, e.errnoName(), attempt);
        }
      }
    }
  }

  /** netmodel's tables as the kernel holds them now. */
  private Map<Part, TableView> read() {
    Map<Part, TableView> views = new EnumMap<>(Part.class);
    for (Part part : Part.values()) {
      if (nft.table(part.family, TABLE).isEmpty()) {
        views.put(part, TableView.ABSENT);
        continue;
      }
      List<NftChain> chains = nft.chains(part.family, TABLE);
      boolean hasBase = chains.stream().anyMatch(c -> c.name().equals(part.baseChain));
      List<NftRule> baseRules =
          hasBase ? nft.rules(part.family, TABLE, part.baseChain) : List.of();
      List<NftSet> sets = part == Part.FORWARD ? nft.sets(part.family, TABLE) : List.of();
      views.put(part, new TableView(true, chains, baseRules, sets));
    }
    return views;
  }

  /**
   * Adds to {@code batch} the removal of {@code network}'s chains from {@code part}'s table: the
   * whole table when nothing else is left in it and {@code keepTable} is false. Returns whether
   * the network had anything there.
   */
  private static boolean removeFrom(
      NftBatch.Builder batch, Part part, TableView view, String network, boolean keepTable) {
    List<Placed> mine = new ArrayList<>();
    boolean othersLeft = false;
    for (NftChain c : view.chains()) {
      Optional<Placed> p = placed(part, c.name());
      if (p.isPresent() && p.get().network().equals(network)) {
        mine.add(p.get());
      } else if (!c.name().equals(part.baseChain)) {
        othersLeft = true;
      }
    }
    if (mine.isEmpty()) {
      return false;
    }
    othersLeft |= view.sets().stream().anyMatch(s -> !s.name().equals(BRIDGES_SET));
    othersLeft |= view.baseRules().stream().anyMatch(r -> jumpTarget(r).isEmpty());
    if (!othersLeft && !keepTable) {
      batch.deleteTable(part.family, TABLE);
      return true;
    }
    Set<String> chains = new TreeSet<>();
    mine.forEach(p -> chains.add(p.chain()));
    for (NftRule rule : view.baseRules()) {
      if (jumpTarget(rule).filter(chains::contains).isPresent()) {
        batch.deleteRule(part.family, TABLE, part.baseChain, rule.handle());
      }
    }
    for (Placed p : mine) {
      batch.deleteChain(part.family, TABLE, p.chain());
      if (part == Part.FORWARD) {
        // Added first so that the deletion cannot fail on an element someone removed by hand.
        List<NftValue> key = List.of(NftValue.ofInterfaceName(p.bridge()));
        batch.addElements(part.family, TABLE, BRIDGES_SET, key);
        batch.deleteElements(part.family, TABLE, BRIDGES_SET, key);
      }
    }
    return true;
  }

  /** Adds to {@code batch} {@code part}'s table, base chain and the network's chain and rules. */
  private static void addTo(NftBatch.Builder batch, Part part, BridgeRules rules) {
    InterfaceName bridge = rules.bridge();
    String chain = part.chain(bridge, rules.network());
    batch.addTable(part.family, TABLE);
    batch.addBaseChain(part.family, TABLE, part.baseChain, part.hook);
    if (part == Part.FORWARD) {
      batch.addSet(part.family, TABLE, BRIDGES_SET, NftSetKey.IFNAME);
      batch.addElements(part.family, TABLE, BRIDGES_SET,
          List.of(NftValue.ofInterfaceName(bridge)));
    }
    batch.addChain(part.family, TABLE, chain);
    for (List<Expression> rule : rulesOf(part, rules)) {
      batch.appendRule(part.family, TABLE, chain, rule);
    }
    batch.appendRule(part.family, TABLE, part.baseChain,
        List.of(NftMatch.verdict(NftVerdict.jump(chain))));
  }

  private static List<List<Expression>> rulesOf(Part part, BridgeRules rules) {
    InterfaceName bridge = rules.bridge();
    Expression drop = NftMatch.verdict(NftVerdict.DROP);
    List<List<Expression>> out = new ArrayList<>();
    switch (part) {
      case NAT:
        for (IpPrefix subnet : ipv4Subnets(rules)) {
          out.add(NftMatch.rule(
              NftMatch.ipv4Source(Expression.Cmp.Op.EQ, subnet),
              NftMatch.outputInterface(Expression.Cmp.Op.NEQ, bridge),
              List.of(NftMatch.masquerade())));
        }
        break;
      case FORWARD:
        out.add(NftMatch.rule(
            NftMatch.inputInterface(Expression.Cmp.Op.EQ, bridge),
            NftMatch.outputInterfaceIn(BRIDGES_SET),
            NftMatch.outputInterface(Expression.Cmp.Op.NEQ, bridge),
            List.of(drop)));
        if (!rules.icc()) {
          out.add(NftMatch.rule(
              NftMatch.inputInterface(Expression.Cmp.Op.EQ, bridge),
              NftMatch.outputInterface(Expression.Cmp.Op.EQ, bridge),
              List.of(drop)));
        }
        if (rules.internal()) {
          out.add(NftMatch.rule(
              NftMatch.inputInterface(Expression.Cmp.Op.EQ, bridge),
              NftMatch.outputInterface(Expression.Cmp.Op.NEQ, bridge),
              List.of(drop)));
          out.add(NftMatch.rule(
              NftMatch.outputInterface(Expression.Cmp.Op.EQ, bridge),
              NftMatch.inputInterface(Expression.Cmp.Op.NEQ, bridge),
              List.of(drop)));
        }
        break;
      default:
        throw new AssertionError(part);
    }
    return out;
  }

  /** The tables {@code rules} need: always the forward filter; NAT when masqueraded. */
  private static Set<Part> partsOf(BridgeRules rules) {
    Set<Part> parts = EnumSet.of(Part.FORWARD);
    if (rules.masquerade() && !rules.internal() && !ipv4Subnets(rules).isEmpty()) {
      parts.add(Part.NAT);
    }
    return parts;
  }

  private static List<IpPrefix> ipv4Subnets(BridgeRules rules) {
    List<IpPrefix> out = new ArrayList<>();
    for (IpPrefix subnet : rules.subnets()) {
      if (subnet.isIpv4()) {
        out.add(subnet);
      }
    }
    return out;
  }

  /** The chain a rule made of one jump goes to; empty for any other rule. */
  private static Optional<String> jumpTarget(NftRule rule) {
    if (rule.expressions().size() != 1
        || !(rule.expressions().get(0) instanceof Expression.ImmediateVerdict)) {
      return Optional.empty();
    }
    return ((Expression.ImmediateVerdict) rule.expressions().get(0)).verdict().chain();
  }

  /** The network and bridge of {@code part}'s chain {@code chain}, when it is a network's. */
  private static Optional<Placed> placed(Part part, String chain) {
    if (!chain.startsWith(part.prefix)) {
      return Optional.empty();
    }
    int slash = chain.indexOf(SEPARATOR, part.prefix.length());
    if (slash < 0 || slash == chain.length() - 1) {
      return Optional.empty();
    }
    try {
      InterfaceName bridge = InterfaceName.of(chain.substring(part.prefix.length(), slash));
      return Optional.of(new Placed(chain, bridge, chain.substring(slash + 1)));
    } catch (IllegalArgumentException e) {
      return Optional.empty(); // not a name this class gave
    }
  }

  /** Turns IPv4 forwarding on when it is off; never off. */
  private void enableForwarding() {
    if (!sysctls.get("ipv4/ip_forward").orElse("0").equals("1")) {
      sysctls.set("ipv4/ip_forward", "1");
      log.debug("net.ipv4.ip_forward turned on for bridge networks");
    }
  }

  /**
   * Makes frames bridged between ports pass the ip and ip6 hooks, where the ICC rule sees them;
   * never turns it off.
   *
   * @throws KernelException EOPNOTSUPP when the kernel has no br_netfilter
   */
  private void enableBridgedFiltering() {
    for (String key : BR_NETFILTER_KEYS) {
      Optional<String> value = sysctls.get(key);
      if (value.isEmpty()) {
        throw Errnos.exception("sysctl", "net/" + key, EOPNOTSUPP,
            "turning inter-container communication off needs br_netfilter in the kernel"
                + " (modprobe br_netfilter)");
      }
      if (!value.get().equals("1")) {
        sysctls.set(key, "1");
        log.debug("net/{} turned on for a network without ICC", key);
      }
    }
  }

  private static void checkNetwork(String network) {
    Objects.requireNonNull(network, "network");
    if (network.isEmpty() || network.indexOf(SEPARATOR) >= 0 || network.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(
          "network name must be non-empty, without '/' or NUL: \"" + network + "\"");
    }
  }
}
