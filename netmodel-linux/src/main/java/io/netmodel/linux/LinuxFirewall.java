package io.netmodel.linux;

import io.netmodel.api.KernelException;
import io.netmodel.api.net.InterfaceName;
import io.netmodel.api.net.IpAddresses;
import io.netmodel.api.net.IpPrefix;
import io.netmodel.core.kernel.Firewall;
import io.netmodel.core.kernel.Sysctls;
import io.netmodel.linux.nft.ChainHook;
import io.netmodel.linux.nft.Expression;
import io.netmodel.linux.nft.Expression.Cmp.Op;
import io.netmodel.linux.nft.Netfilter;
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
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Firewall} of one namespace on nf_tables, in tables named {@value #TABLE} of the
 * families {@code ip}, {@code ip6} and {@code inet}. Each network and each publishing endpoint
 * owns chains named {@code PREFIX BRIDGE/OWNER}, each jumped to from base chains:
 *
 * <ul>
 *   <li>{@code nat-BRIDGE/NETWORK} ({@code ip}, from {@code postrouting}, nat srcnat 100): {@code
 *       ip saddr SUBNET oifname != BRIDGE masquerade};
 *   <li>{@code fwd-BRIDGE/NETWORK} ({@code inet}, from {@code forward}, filter 0, policy accept;
 *       set {@code bridges} holds every network's bridge): isolation {@code iifname BRIDGE oifname
 *       @bridges oifname != BRIDGE ct status & dnat == 0 drop}; for an internal network {@code
 *       iifname BRIDGE oifname != BRIDGE drop} and {@code oifname BRIDGE iifname != BRIDGE drop};
 *       for any other, direct access {@code oifname BRIDGE iifname != BRIDGE ct state new ct status
 *       & dnat == 0 drop}; without ICC, {@code iifname BRIDGE oifname BRIDGE drop};
 *   <li>{@code guard-BRIDGE/NETWORK} ({@code inet}, from {@code prerouting}, filter -300, before
 *       conntrack undoes NAT): {@code iifname BRIDGE meta nfproto ipv4 ip daddr 127.0.0.0/8
 *       drop}, which keeps {@code route_localnet} from exposing the host's loopback services to
 *       sandboxes;
 *   <li>{@code pub-BRIDGE/ENDPOINT} ({@code ip} or {@code ip6}, from {@code prerouting} and
 *       {@code output}, nat dstnat -100, through {@code fib daddr type local}, in {@code ip6}'s
 *       output also {@code ip6 daddr != ::1}): {@code [ip daddr HOST] meta l4proto PROTO th dport
 *       PORT dnat to ADDRESS:PORT} per port;
 *   <li>{@code hp-BRIDGE/ENDPOINT} (same family, from {@code postrouting}): per sandbox address
 *       A, {@code oifname BRIDGE ct status dnat ip daddr A} then {@code fib saddr type local
 *       masquerade} (from the host), {@code iifname BRIDGE masquerade} (routed from the bridge)
 *       and {@code ip saddr A masquerade} (the sandbox itself, bridged back by br_netfilter).
 * </ul>
 *
 * <p>ICC off works as Docker's does, through br_netfilter: frames bridged between two ports
 * reach the ip hooks only when {@code net.bridge.bridge-nf-call-iptables} (and {@code
 * -ip6tables}) is 1, and then come in and go out through the bridge itself. {@link #addNetwork}
 * turns both on for a network without ICC and never off; without br_netfilter in the kernel it
 * refuses such a network before changing anything. (The bridge family's {@code meta ibrname}
 * would avoid br_netfilter, but needs {@code CONFIG_NFT_BRIDGE_META}, which kernels may lack:
 * the kernel answers {@code EOPNOTSUPP}.) {@link #publish} turns {@code
 * net.ipv4.conf.BRIDGE.route_localnet} on when an IPv4 port is published on every address or on
 * a loopback address, so that the host's {@code 127.0.0.1} reaches it, and never off.
 *
 * <p>The chains' names are the record of what is installed: an interface name holds no {@code
 * /} and neither does a network name, so {@code PREFIX BRIDGE/OWNER} reads back without
 * ambiguity (an endpoint key may hold {@code /}: it is all that follows the first one), and a
 * restarted program sees the same {@link #networks()} and {@link #publications()}. Each change
 * reads what the kernel holds (tables, chains, sets, the base chains' rules) and then applies one
 * batch: the owner's jump rules, found by their verdict's chain and deleted by handle, its
 * chains, its bridge in the set, base chains nothing jumps from any more, and its new chains and
 * rules, all or nothing. A table left with nothing of anyone else's is deleted: a table only
 * exists while a network or endpoint needs it.
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
  private static final List<NftFamily> FAMILIES =
      List.of(NftFamily.IP, NftFamily.IP6, NftFamily.INET);
  private static final IpPrefix LOOPBACK = IpPrefix.parse("127.0.0.0/8");
  private static final InetAddress IPV6_LOOPBACK = IpAddresses.parse("::1");

  /** A base chain of netmodel's tables. */
  enum Base {
    IP_PREROUTING(NftFamily.IP, NftChainType.NAT, NftHook.PREROUTING, -100),
    IP_OUTPUT(NftFamily.IP, NftChainType.NAT, NftHook.OUTPUT, -100),
    IP_POSTROUTING(NftFamily.IP, NftChainType.NAT, NftHook.POSTROUTING, 100),
    IP6_PREROUTING(NftFamily.IP6, NftChainType.NAT, NftHook.PREROUTING, -100),
    IP6_OUTPUT(NftFamily.IP6, NftChainType.NAT, NftHook.OUTPUT, -100),
    IP6_POSTROUTING(NftFamily.IP6, NftChainType.NAT, NftHook.POSTROUTING, 100),
    // Before conntrack (-200) undoes NAT: a reply to a masqueraded 127.0.0.1 is not for 127/8.
    INET_PREROUTING(NftFamily.INET, NftChainType.FILTER, NftHook.PREROUTING, -300),
    INET_FORWARD(NftFamily.INET, NftChainType.FILTER, NftHook.FORWARD, 0);

    final NftFamily family;
    final ChainHook hook;

    Base(NftFamily family, NftChainType type, NftHook hook, int priority) {
      this.family = family;
      this.hook = ChainHook.of(type, hook, priority);
    }

    /** The chain's name: its hook's ({@code prerouting}, {@code forward}...). */
    String chain() {
      return hook.hook().toString();
    }

    static Optional<Base> of(NftFamily family, String chain) {
      for (Base b : values()) {
        if (b.family == family && b.chain().equals(chain)) {
          return Optional.of(b);
        }
      }
      return Optional.empty();
    }
  }

  /** Whom a chain belongs to. */
  enum Owner {
    NETWORK,
    ENDPOINT
  }

  /** A chain that belongs to one network or endpoint, and the base chains that jump to it. */
  enum Kind {
    NAT(Owner.NETWORK, NftFamily.IP, "nat-", Map.of(Base.IP_POSTROUTING, List.of())),
    FORWARD(Owner.NETWORK, NftFamily.INET, "fwd-", Map.of(Base.INET_FORWARD, List.of())),
    GUARD(Owner.NETWORK, NftFamily.INET, "guard-", Map.of(Base.INET_PREROUTING, List.of())),
    PORTS(Owner.ENDPOINT, NftFamily.IP, "pub-", Map.of(
        Base.IP_PREROUTING, NftMatch.fibDestinationType(Netfilter.RTN_LOCAL),
        Base.IP_OUTPUT, NftMatch.fibDestinationType(Netfilter.RTN_LOCAL))),
    HAIRPIN(Owner.ENDPOINT, NftFamily.IP, "hp-", Map.of(Base.IP_POSTROUTING, List.of())),
    PORTS6(Owner.ENDPOINT, NftFamily.IP6, "pub-", Map.of(
        Base.IP6_PREROUTING, NftMatch.fibDestinationType(Netfilter.RTN_LOCAL),
        // [::1] cannot leave the host: connecting to it finds nothing rather than a black hole.
        Base.IP6_OUTPUT, NftMatch.rule(
            NftMatch.destination(Op.NEQ, IPV6_LOOPBACK),
            NftMatch.fibDestinationType(Netfilter.RTN_LOCAL)))),
    HAIRPIN6(Owner.ENDPOINT, NftFamily.IP6, "hp-", Map.of(Base.IP6_POSTROUTING, List.of()));

    final Owner owner;
    final NftFamily family;
    final String prefix;
    /** The base chains that jump here, each with the matches before its jump. */
    final Map<Base, List<Expression>> jumps;

    Kind(Owner owner, NftFamily family, String prefix, Map<Base, List<Expression>> jumps) {
      this.owner = owner;
      this.family = family;
      this.prefix = prefix;
      this.jumps = new EnumMap<>(jumps);
    }

    String chain(InterfaceName bridge, String owner) {
      return prefix + bridge.value() + SEPARATOR + owner;
    }
  }

  /** An owned chain found in the kernel, its name read back. */
  private record Placed(Kind kind, InterfaceName bridge, String owner, String chain) {}

  /** An owned chain to add, with its rules. */
  private record Wanted(
      Kind kind, InterfaceName bridge, String owner, List<List<Expression>> rules) {
    String chain() {
      return kind.chain(bridge, owner);
    }
  }

  /** What one table holds: whether it exists, its chains and sets, its base chains' rules. */
  private record TableView(
      boolean exists, List<NftChain> chains, Map<Base, List<NftRule>> baseRules,
      List<NftSet> sets) {
    static final TableView ABSENT = new TableView(false, List.of(), Map.of(), List.of());
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
    List<Wanted> wanted = chainsOf(rules);
    if (!rules.icc()) {
      enableBridgedFiltering();
    }
    change("add network " + rules.network(), Owner.NETWORK, rules.network(), wanted);
    if (!rules.internal()) {
      enableForwarding("ipv4/ip_forward");
      if (rules.subnets().stream().anyMatch(subnet -> !subnet.isIpv4())) {
        enableForwarding("ipv6/conf/all/forwarding");
      }
    }
    log.debug("firewall rules of network {} on {} installed ({} chains)", rules.network(),
        rules.bridge(), wanted.size());
  }

  @Override
  public void removeNetwork(String network) {
    checkNetwork(network);
    change("remove network " + network, Owner.NETWORK, network, List.of());
  }

  @Override
  public List<String> networks() {
    return owners(Kind.FORWARD);
  }

  @Override
  public void publish(PortRules rules) {
    Objects.requireNonNull(rules, "rules");
    List<Wanted> wanted = chainsOf(rules);
    if (needsLocalnet(rules)) {
      enableRouteLocalnet(rules.bridge());
    }
    change("publish ports of " + rules.endpoint(), Owner.ENDPOINT, rules.endpoint(), wanted);
    log.debug("published ports of {} on {} installed: {}", rules.endpoint(), rules.bridge(),
        rules.ports());
  }

  @Override
  public void unpublish(String endpoint) {
    PortRules.checkEndpoint(Objects.requireNonNull(endpoint, "endpoint"));
    change("unpublish ports of " + endpoint, Owner.ENDPOINT, endpoint, List.of());
  }

  @Override
  public List<String> publications() {
    Set<String> keys = new TreeSet<>(owners(Kind.PORTS));
    keys.addAll(owners(Kind.PORTS6));
    return List.copyOf(keys);
  }

  @Override
  public String toString() {
    return "LinuxFirewall(" + nft + ")";
  }

  // ---- what each network and endpoint asks for ----

  private static List<Wanted> chainsOf(BridgeRules rules) {
    InterfaceName bridge = rules.bridge();
    String network = rules.network();
    Expression drop = NftMatch.verdict(NftVerdict.DROP);
    List<Wanted> out = new ArrayList<>();

    List<IpPrefix> masqueraded = ipv4Subnets(rules);
    if (rules.masquerade() && !rules.internal() && !masqueraded.isEmpty()) {
      List<List<Expression>> nat = new ArrayList<>();
      for (IpPrefix subnet : masqueraded) {
        nat.add(NftMatch.rule(
            NftMatch.ipv4Source(Op.EQ, subnet),
            NftMatch.outputInterface(Op.NEQ, bridge),
            List.of(NftMatch.masquerade())));
      }
      out.add(new Wanted(Kind.NAT, bridge, network, nat));
    }

    List<List<Expression>> forward = new ArrayList<>();
    forward.add(NftMatch.rule(
        NftMatch.inputInterface(Op.EQ, bridge),
        NftMatch.outputInterfaceIn(BRIDGES_SET),
        NftMatch.outputInterface(Op.NEQ, bridge),
        NftMatch.ctStatusNone(Netfilter.IPS_DST_NAT),
        List.of(drop)));
    if (!rules.icc()) {
      forward.add(NftMatch.rule(
          NftMatch.inputInterface(Op.EQ, bridge),
          NftMatch.outputInterface(Op.EQ, bridge),
          List.of(drop)));
    }
    if (rules.internal()) {
      forward.add(NftMatch.rule(
          NftMatch.inputInterface(Op.EQ, bridge),
          NftMatch.outputInterface(Op.NEQ, bridge),
          List.of(drop)));
      forward.add(NftMatch.rule(
          NftMatch.outputInterface(Op.EQ, bridge),
          NftMatch.inputInterface(Op.NEQ, bridge),
          List.of(drop)));
    } else {
      forward.add(NftMatch.rule(
          NftMatch.outputInterface(Op.EQ, bridge),
          NftMatch.inputInterface(Op.NEQ, bridge),
          NftMatch.ctState(Netfilter.NF_CT_STATE_NEW_BIT),
          NftMatch.ctStatusNone(Netfilter.IPS_DST_NAT),
          List.of(drop)));
    }
    out.add(new Wanted(Kind.FORWARD, bridge, network, forward));

    out.add(new Wanted(Kind.GUARD, bridge, network, List.of(NftMatch.rule(
        NftMatch.inputInterface(Op.EQ, bridge),
        NftMatch.protocolFamily(NftFamily.IP),
        NftMatch.ipv4Destination(Op.EQ, LOOPBACK),
        List.of(drop)))));
    return out;
  }

  private static List<Wanted> chainsOf(PortRules rules) {
    InterfaceName bridge = rules.bridge();
    List<Wanted> out = new ArrayList<>();
    for (boolean ipv4 : new boolean[] {true, false}) {
      List<List<Expression>> dnat = new ArrayList<>();
      Set<InetAddress> sandboxes = new LinkedHashSet<>();
      for (PublishedPort port : rules.ports()) {
        if (port.isIpv4() != ipv4) {
          continue;
        }
        List<Expression> host = port.hostIp()
            .map(ip -> NftMatch.destination(Op.EQ, ip))
            .orElse(List.of());
        dnat.add(NftMatch.rule(
            host,
            NftMatch.destinationPort(port.protocol(), port.hostPort()),
            NftMatch.dnat(port.sandboxAddress(), OptionalInt.of(port.sandboxPort()))));
        sandboxes.add(port.sandboxAddress());
      }
      if (dnat.isEmpty()) {
        continue;
      }
      List<List<Expression>> hairpin = new ArrayList<>();
      for (InetAddress sandbox : sandboxes) {
        List<Expression> toSandbox = NftMatch.rule(
            NftMatch.outputInterface(Op.EQ, bridge),
            NftMatch.ctStatusAny(Netfilter.IPS_DST_NAT),
            NftMatch.destination(Op.EQ, sandbox));
        List<Expression> masquerade = List.of(NftMatch.masquerade());
        hairpin.add(NftMatch.rule(
            toSandbox, NftMatch.fibSourceType(Netfilter.RTN_LOCAL), masquerade));
        hairpin.add(NftMatch.rule(
            toSandbox, NftMatch.inputInterface(Op.EQ, bridge), masquerade));
        hairpin.add(NftMatch.rule(
            toSandbox, NftMatch.source(Op.EQ, sandbox), masquerade));
      }
      out.add(new Wanted(ipv4 ? Kind.PORTS : Kind.PORTS6, bridge, rules.endpoint(), dnat));
      out.add(new Wanted(ipv4 ? Kind.HAIRPIN : Kind.HAIRPIN6, bridge, rules.endpoint(),
          hairpin));
    }
    return out;
  }

  /** Whether an IPv4 port is on every address or a loopback one: {@code 127.0.0.1} reaches it. */
  private static boolean needsLocalnet(PortRules rules) {
    return rules.ports().stream().anyMatch(p -> p.isIpv4()
        && p.hostIp().map(InetAddress::isLoopbackAddress).orElse(true));
  }

  // ---- reading and applying ----

  private List<String> owners(Kind kind) {
    synchronized (nft) {
      Set<String> names = new TreeSet<>();
      if (nft.table(kind.family, TABLE).isPresent()) {
        for (NftChain c : nft.chains(kind.family, TABLE)) {
          placed(kind.family, c.name())
              .filter(p -> p.kind() == kind)
              .ifPresent(p -> names.add(p.owner()));
        }
      }
      return List.copyOf(names);
    }
  }

  /**
   * Replaces every chain of {@code owner} (of type {@code type}) by {@code wanted}, in one batch
   * tried again when another program raced it.
   */
  private void change(String what, Owner type, String owner, List<Wanted> wanted) {
    synchronized (nft) {
      for (int attempt = 1; ; attempt++) {
        Optional<NftBatch> batch = plan(read(), type, owner, wanted);
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
  private Map<NftFamily, TableView> read() {
    Map<NftFamily, TableView> views = new EnumMap<>(NftFamily.class);
    for (NftFamily family : FAMILIES) {
      if (nft.table(family, TABLE).isEmpty()) {
        views.put(family, TableView.ABSENT);
        continue;
      }
      List<NftChain> chains = nft.chains(family, TABLE);
      Map<Base, List<NftRule>> baseRules = new EnumMap<>(Base.class);
      for (NftChain c : chains) {
        Base.of(family, c.name())
            .ifPresent(b -> baseRules.put(b, nft.rules(family, TABLE, c.name())));
      }
      views.put(family, new TableView(true, chains, baseRules, nft.sets(family, TABLE)));
    }
    return views;
  }

  private static Optional<NftBatch> plan(
      Map<NftFamily, TableView> views, Owner type, String owner, List<Wanted> wanted) {
    NftBatch.Builder batch = NftBatch.builder();
    boolean any = false;
    for (NftFamily family : FAMILIES) {
      List<Wanted> here = new ArrayList<>();
      for (Wanted w : wanted) {
        if (w.kind().family == family) {
          here.add(w);
        }
      }
      any |= planTable(batch, family, views.get(family), type, owner, here);
    }
    return any ? Optional.of(batch.build()) : Optional.empty();
  }

  /**
   * Adds to {@code batch} what turns {@code family}'s table from {@code view} into the same with
   * {@code owner}'s chains replaced by {@code wanted}. Returns whether it added anything.
   */
  private static boolean planTable(NftBatch.Builder batch, NftFamily family, TableView view,
      Owner type, String owner, List<Wanted> wanted) {
    List<Placed> removed = new ArrayList<>();
    List<Placed> kept = new ArrayList<>();
    boolean foreign = false;
    for (NftChain c : view.chains()) {
      Optional<Placed> p = placed(family, c.name());
      if (p.isPresent()) {
        boolean mine = p.get().kind().owner == type && p.get().owner().equals(owner);
        (mine ? removed : kept).add(p.get());
      } else if (Base.of(family, c.name()).isEmpty()) {
        foreign = true;
      }
    }
    foreign |= view.sets().stream().anyMatch(s -> !s.name().equals(BRIDGES_SET));
    for (List<NftRule> rules : view.baseRules().values()) {
      foreign |= rules.stream().anyMatch(r -> !isOwnJump(family, r));
    }

    if (!view.exists() && wanted.isEmpty()) {
      return false;
    }
    if (view.exists() && removed.isEmpty() && wanted.isEmpty()) {
      return false;
    }
    if (view.exists() && kept.isEmpty() && wanted.isEmpty() && !foreign) {
      batch.deleteTable(family, TABLE);
      return true;
    }

    Set<String> gone = new TreeSet<>();
    removed.forEach(p -> gone.add(p.chain()));
    Set<Base> needed = EnumSet.noneOf(Base.class);
    kept.forEach(p -> needed.addAll(p.kind().jumps.keySet()));
    wanted.forEach(w -> needed.addAll(w.kind().jumps.keySet()));
    for (Map.Entry<Base, List<NftRule>> base : view.baseRules().entrySet()) {
      boolean emptied = true;
      for (NftRule rule : base.getValue()) {
        if (jumpTarget(rule).filter(gone::contains).isPresent()) {
          batch.deleteRule(family, TABLE, base.getKey().chain(), rule.handle());
        } else {
          emptied = false;
        }
      }
      if (emptied && !needed.contains(base.getKey())) {
        batch.deleteChain(family, TABLE, base.getKey().chain());
      }
    }
    for (Placed p : removed) {
      batch.deleteChain(family, TABLE, p.chain());
      if (p.kind() == Kind.FORWARD) {
        // Added first so that the deletion cannot fail on an element someone removed by hand.
        List<NftValue> key = List.of(NftValue.ofInterfaceName(p.bridge()));
        batch.addElements(family, TABLE, BRIDGES_SET, key);
        batch.deleteElements(family, TABLE, BRIDGES_SET, key);
      }
    }

    if (!wanted.isEmpty()) {
      batch.addTable(family, TABLE);
      Set<Base> bases = EnumSet.noneOf(Base.class);
      wanted.forEach(w -> bases.addAll(w.kind().jumps.keySet()));
      for (Base b : bases) {
        batch.addBaseChain(family, TABLE, b.chain(), b.hook);
      }
    }
    for (Wanted w : wanted) {
      if (w.kind() == Kind.FORWARD) {
        batch.addSet(family, TABLE, BRIDGES_SET, NftSetKey.IFNAME);
        batch.addElements(family, TABLE, BRIDGES_SET,
            List.of(NftValue.ofInterfaceName(w.bridge())));
      }
      batch.addChain(family, TABLE, w.chain());
      for (List<Expression> rule : w.rules()) {
        batch.appendRule(family, TABLE, w.chain(), rule);
      }
      for (Map.Entry<Base, List<Expression>> jump : w.kind().jumps.entrySet()) {
        batch.appendRule(family, TABLE, jump.getKey().chain(), NftMatch.rule(
            jump.getValue(), List.of(NftMatch.verdict(NftVerdict.jump(w.chain())))));
      }
    }
    return true;
  }

  /** Whether {@code rule} of a base chain is a jump to one of the owned chains. */
  private static boolean isOwnJump(NftFamily family, NftRule rule) {
    return jumpTarget(rule).flatMap(chain -> placed(family, chain)).isPresent();
  }

  /** The chain a rule ending in a jump (or goto) goes to; empty for any other rule. */
  private static Optional<String> jumpTarget(NftRule rule) {
    List<Expression> expressions = rule.expressions();
    if (expressions.isEmpty()) {
      return Optional.empty();
    }
    Expression last = expressions.get(expressions.size() - 1);
    return last instanceof Expression.ImmediateVerdict
        ? ((Expression.ImmediateVerdict) last).verdict().chain()
        : Optional.empty();
  }

  /** The kind, bridge and owner of {@code family}'s chain {@code chain}, when it is owned. */
  private static Optional<Placed> placed(NftFamily family, String chain) {
    for (Kind kind : Kind.values()) {
      if (kind.family != family || !chain.startsWith(kind.prefix)) {
        continue;
      }
      int slash = chain.indexOf(SEPARATOR, kind.prefix.length());
      if (slash < 0 || slash == chain.length() - 1) {
        return Optional.empty();
      }
      String owner = chain.substring(slash + 1);
      if (kind.owner == Owner.NETWORK && owner.indexOf(SEPARATOR) >= 0) {
        return Optional.empty();
      }
      try {
        InterfaceName bridge = InterfaceName.of(chain.substring(kind.prefix.length(), slash));
        return Optional.of(new Placed(kind, bridge, owner, chain));
      } catch (IllegalArgumentException e) {
        return Optional.empty(); // not a name this class gave
      }
    }
    return Optional.empty();
  }

  // ---- sysctls ----

  private static List<IpPrefix> ipv4Subnets(BridgeRules rules) {
    List<IpPrefix> out = new ArrayList<>();
    for (IpPrefix subnet : rules.subnets()) {
      if (subnet.isIpv4()) {
        out.add(subnet);
      }
    }
    return out;
  }

  /** Turns forwarding ({@code key}) on when it is off; never off. */
  private void enableForwarding(String key) {
    if (!sysctls.get(key).orElse("0").equals("1")) {
      sysctls.set(key, "1");
      log.debug("net.{} turned on for bridge networks", key.replace('/', '.'));
    }
  }

  /** Lets {@code 127.0.0.1}, destination-NATed, be routed out through {@code bridge}; never off. */
  private void enableRouteLocalnet(InterfaceName bridge) {
    String key = "ipv4/conf/" + bridge.value() + "/route_localnet";
    if (!sysctls.get(key).orElse("0").equals("1")) {
      sysctls.set(key, "1");
      log.debug("net/{} turned on for a port published on 127.0.0.1", key);
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
