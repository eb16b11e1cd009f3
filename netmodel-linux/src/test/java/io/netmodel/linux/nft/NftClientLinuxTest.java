package io.netmodel.linux.nft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netmodel.api.KernelException;
import io.netmodel.api.net.Protocol;
import io.netmodel.linux.ns.LinuxNamespaceHandle;
import io.netmodel.linux.ns.LinuxNamespaces;
import io.netmodel.testkit.junit.KernelPrivilege;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link NftClient} against the real kernel, in a throwaway namespace made by {@code ip netns
 * add}; what the kernel holds is cross-checked with {@code nft -j list ruleset} run inside it.
 * Needs CAP_NET_ADMIN, CAP_SYS_ADMIN, {@code ip} and {@code nft}; skips without them, except
 * under {@code CI=true} (see {@link Privilege}).
 */
class NftClientLinuxTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final NftFamily IP = NftFamily.IP;
  private static final String T = "netmodel";

  private String name;
  private LinuxNamespaces namespaces;
  private LinuxNamespaceHandle handle;
  private NftClient nft;

  @BeforeEach
  void createNamespace() throws Exception {
    KernelPrivilege.requireNamespaceAdmin();
    KernelPrivilege.require(onPath("ip"), "needs `ip` (iproute2) on the PATH for the namespace");
    KernelPrivilege.require(onPath("nft"), "needs `nft` (nftables) on the PATH as a witness");
    name = "nmnft-" + UUID.randomUUID().toString().substring(0, 8);
    run("ip", "netns", "add", name);
    namespaces = LinuxNamespaces.open();
    handle = namespaces.open(name);
    nft = handle.call(NftClient::open);
  }

  @AfterEach
  void deleteNamespace() throws Exception {
    try {
      for (AutoCloseable c : new AutoCloseable[] {nft, handle, namespaces}) {
        if (c != null) {
          c.close();
        }
      }
    } finally {
      if (name != null && Files.exists(Path.of("/run/netns", name))) {
        run("ip", "netns", "del", name);
      }
    }
  }

  /** The table, a nat chain at postrouting 100, a dnat chain, a filter chain and two rules. */
  private NftClient.Applied applyNetmodelTable() {
    return nft.apply(NftBatch.builder()
        .addTable(IP, T)
        .addBaseChain(IP, T, "postrouting",
            ChainHook.of(NftChainType.NAT, NftHook.POSTROUTING, 100))
        .addBaseChain(IP, T, "prerouting",
            ChainHook.of(NftChainType.NAT, NftHook.PREROUTING, -100))
        .addBaseChain(IP, T, "forward",
            new ChainHook(NftChainType.FILTER, NftHook.FORWARD, 0, NftVerdict.DROP))
        .appendRule(IP, T, "postrouting", NftEncoderTest.masqueradeRule())
        .appendRule(IP, T, "prerouting", NftEncoderTest.dnatRule())
        .build());
  }

  @Test
  void appliedBatchIsWhatTheKernelAndNftReport() throws Exception {
    NftClient.Applied applied = applyNetmodelTable();

    assertThat(applied.handles()).hasSize(6).allMatch(h -> h.isPresent());
    long masqueradeHandle = applied.handle(4).getAsLong();
    long dnatHandle = applied.handle(5).getAsLong();
    assertThat(applied.generation()).isPositive();

    NftTable table = nft.table(IP, T).orElseThrow();
    assertThat(table.handle()).isEqualTo(applied.handle(0).getAsLong());
    assertThat(nft.tables(IP)).extracting(NftTable::name).containsExactly(T);
    assertThat(nft.chains(IP, T))
        .extracting(NftChain::name, c -> c.hook().orElseThrow())
        .containsExactlyInAnyOrder(
            tuple("postrouting",
                ChainHook.of(NftChainType.NAT, NftHook.POSTROUTING, 100)),
            tuple("prerouting",
                ChainHook.of(NftChainType.NAT, NftHook.PREROUTING, -100)),
            tuple("forward",
                new ChainHook(NftChainType.FILTER, NftHook.FORWARD, 0, NftVerdict.DROP)));

    List<NftRule> postrouting = nft.rules(IP, T, "postrouting");
    assertThat(postrouting).singleElement().satisfies(rule -> {
      assertThat(rule.handle()).isEqualTo(masqueradeHandle);
      assertThat(rule.expressions()).isEqualTo(NftEncoderTest.masqueradeRule());
    });
    List<NftRule> prerouting = nft.rules(IP, T, "prerouting");
    assertThat(prerouting).singleElement().satisfies(rule -> {
      assertThat(rule.handle()).isEqualTo(dnatHandle);
      List<Expression> e = rule.expressions();
      assertThat(e.subList(0, 6)).isEqualTo(NftEncoderTest.dnatRule().subList(0, 6));
      // The kernel adds NF_NAT_RANGE_MAP_IPS itself when an address register is given, and
      // reports each range's maximum in the minimum's register when none was given.
      assertThat(e.get(6)).isEqualTo(new Expression.Nat(Expression.Nat.Type.DNAT, IP,
          Optional.of(NftRegister.REG_1), Optional.of(NftRegister.REG_1),
          Optional.of(NftRegister.REG_2), Optional.of(NftRegister.REG_2),
          Netfilter.NF_NAT_RANGE_MAP_IPS | Netfilter.NF_NAT_RANGE_PROTO_SPECIFIED));
    });
    assertThat(nft.rules(IP, T)).hasSize(2);

    JsonNode ruleset = listRuleset();
    JsonNode chain = only(ruleset, "chain", "postrouting");
    assertThat(chain.get("type").asText()).isEqualTo("nat");
    assertThat(chain.get("hook").asText()).isEqualTo("postrouting");
    assertThat(chain.get("prio").asInt()).isEqualTo(100);
    assertThat(chain.get("policy").asText()).isEqualTo("accept");
    assertThat(only(ruleset, "chain", "forward").get("policy").asText()).isEqualTo("drop");

    JsonNode masquerade = only(ruleset, "rule", "postrouting");
    assertThat(masquerade.get("handle").asLong()).isEqualTo(masqueradeHandle);
    JsonNode expr = masquerade.get("expr");
    assertThat(expr).hasSize(3);
    assertThat(expr.at("/0/match/left/payload/protocol").asText()).isEqualTo("ip");
    assertThat(expr.at("/0/match/left/payload/field").asText()).isEqualTo("saddr");
    assertThat(expr.at("/0/match/right/prefix/addr").asText()).isEqualTo("10.213.0.0");
    assertThat(expr.at("/0/match/right/prefix/len").asInt()).isEqualTo(24);
    assertThat(expr.at("/1/match/op").asText()).isEqualTo("!=");
    assertThat(expr.at("/1/match/left/meta/key").asText()).isEqualTo("oifname");
    assertThat(expr.at("/1/match/right").asText()).isEqualTo("br0");
    assertThat(expr.get(2).has("masquerade")).isTrue();

    JsonNode dnat = only(ruleset, "rule", "prerouting");
    assertThat(dnat.get("handle").asLong()).isEqualTo(dnatHandle);
    assertThat(dnat.at("/expr/0/match/left/payload/protocol").asText()).isEqualTo("tcp");
    assertThat(dnat.at("/expr/0/match/left/payload/field").asText()).isEqualTo("dport");
    assertThat(dnat.at("/expr/0/match/right").asInt()).isEqualTo(8080);
    assertThat(dnat.at("/expr/1/dnat/addr").asText()).isEqualTo("10.213.0.2");
    assertThat(dnat.at("/expr/1/dnat/port").asInt()).isEqualTo(80);
  }

  @Test
  void capturedRulesReadBackAsTheyWereSent() {
    // Every rule of the encoder's captures but NAT ones (the kernel completes their ranges) and
    // lookups (they need a set), with regular chains (and jump targets) to hold them.
    List<NftCommand.AddRule> sent = NftEncoderTest.captures()
        .map(a -> (NftBatch) a.get()[1])
        .flatMap(b -> b.commands().stream())
        .filter(c -> c instanceof NftCommand.AddRule)
        .map(c -> (NftCommand.AddRule) c)
        .filter(r -> r.expressions().stream().noneMatch(
            e -> e instanceof Expression.Nat || e instanceof Expression.Lookup))
        .collect(Collectors.toList());
    assertThat(sent).hasSizeGreaterThanOrEqualTo(8);
    NftBatch.Builder batch = NftBatch.builder();
    Set<String> made = new HashSet<>();
    for (NftCommand.AddRule r : sent) {
      if (made.add(r.family() + " " + r.table())) {
        batch.addTable(r.family(), r.table());
      }
      List<String> chains = new ArrayList<>(List.of(r.chain()));
      r.expressions().stream()
          .filter(e -> e instanceof Expression.ImmediateVerdict)
          .flatMap(e -> ((Expression.ImmediateVerdict) e).verdict().chain().stream())
          .forEach(chains::add);
      for (String chain : chains) {
        if (made.add(r.family() + " " + r.table() + " " + chain)) {
          batch.addChain(r.family(), r.table(), chain);
        }
      }
    }
    sent.forEach(batch::add);

    nft.apply(batch.build());

    for (NftCommand.AddRule r : sent) {
      assertThat(nft.rules(r.family(), r.table(), r.chain()))
          .as("rules of %s %s %s", r.family(), r.table(), r.chain())
          .extracting(NftRule::expressions)
          .contains(r.expressions());
    }
  }

  @Test
  void deletingOneRuleByHandleKeepsTheOther() throws Exception {
    applyNetmodelTable();
    NftClient.Applied second = nft.apply(NftBatch.builder()
        .appendRule(IP, T, "forward", NftEncoderTest.establishedRule())
        .appendRule(IP, T, "forward", NftMatch.rule(
            NftMatch.destinationPort(Protocol.UDP, 53),
            List.of(NftMatch.verdict(NftVerdict.ACCEPT))))
        .build());
    long established = second.handle(0).getAsLong();
    long dns = second.handle(1).getAsLong();

    nft.apply(NftBatch.builder().deleteRule(IP, T, "forward", established).build());

    assertThat(nft.rules(IP, T, "forward")).extracting(NftRule::handle).containsExactly(dns);
    assertThat(rules(listRuleset(), "forward")).extracting(r -> r.get("handle").asLong())
        .containsExactly(dns);
    assertThat(nft.rules(IP, T, "postrouting")).hasSize(1);
  }

  @Test
  void invalidBatchAppliesNothingAndNamesTheFailingCommand() throws Exception {
    assertThatThrownBy(() -> nft.apply(NftBatch.builder()
            .addTable(IP, T)
            .addBaseChain(IP, T, "postrouting",
                ChainHook.of(NftChainType.NAT, NftHook.POSTROUTING, 100))
            .appendRule(IP, T, "missing", NftEncoderTest.masqueradeRule())
            .build()))
        .isInstanceOfSatisfying(KernelException.class, e -> {
          assertThat(e.errnoName()).isEqualTo("ENOENT");
          assertThat(e.operation()).isEqualTo("NFT_MSG_NEWRULE");
          assertThat(e.object()).isEqualTo("rule in chain ip netmodel missing");
        });

    assertThat(nft.table(IP, T)).isEmpty();
    assertThat(nft.tables(IP)).isEmpty();
    assertThat(objects(listRuleset(), "table")).isEmpty();
  }

  @Test
  void deletingTheTableRemovesEverythingAndLeavesOtherTablesAlone() throws Exception {
    run("ip", "netns", "exec", name, "nft", "add table ip other; add chain ip other c");
    applyNetmodelTable();

    nft.apply(NftBatch.builder().deleteTable(IP, T).build());

    assertThat(nft.table(IP, T)).isEmpty();
    assertThat(nft.chains(IP, T)).isEmpty();
    assertThat(nft.tables(IP)).extracting(NftTable::name).containsExactly("other");
    JsonNode ruleset = listRuleset();
    assertThat(objects(ruleset, "table")).extracting(t -> t.get("name").asText())
        .containsExactly("other");
    assertThat(objects(ruleset, "rule")).isEmpty();
    assertThat(objects(ruleset, "chain")).extracting(c -> c.get("name").asText())
        .containsExactly("c");
  }

  @Test
  void setElementsAreAddedAndRemovedAndLookedUp() throws Exception {
    applyNetmodelTable();
    NftClient.Applied applied = nft.apply(NftBatch.builder()
        .addSet(IP, T, "published", NftSetKey.INET_SERVICE)
        .addElements(IP, T, "published", List.of(NftValue.ofBe16(8080), NftValue.ofBe16(9090)))
        .appendRule(IP, T, "forward",
            NftMatch.rule(NftMatch.destinationPortIn(Protocol.TCP, "published"),
                List.of(NftMatch.verdict(NftVerdict.ACCEPT))))
        .build());
    assertThat(applied.handle(0)).isPresent();

    assertThat(nft.sets(IP, T)).singleElement().satisfies(s -> {
      assertThat(s.name()).isEqualTo("published");
      assertThat(s.key()).hasValue(NftSetKey.INET_SERVICE);
      assertThat(s.handle()).isEqualTo(applied.handle(0).getAsLong());
    });
    assertThat(setElements()).containsExactlyInAnyOrder(8080, 9090);
    assertThat(nft.rules(IP, T, "forward")).singleElement()
        .satisfies(r -> assertThat(r.expressions()).contains(
            new Expression.Lookup("published", OptionalInt.empty(), NftRegister.REG_1,
                Optional.empty(), false)));

    nft.apply(NftBatch.builder()
        .deleteElements(IP, T, "published", List.of(NftValue.ofBe16(8080)))
        .build());

    assertThat(setElements()).containsExactly(9090);
  }

  private List<Integer> setElements() throws Exception {
    JsonNode out = JSON.readTree(run("ip", "netns", "exec", name, "nft", "-j", "list", "set",
        "ip", T, "published"));
    List<Integer> elements = new ArrayList<>();
    for (JsonNode object : out.get("nftables")) {
      if (object.has("set") && object.get("set").has("elem")) {
        object.get("set").get("elem").forEach(e -> elements.add(e.asInt()));
      }
    }
    return elements;
  }

  private JsonNode listRuleset() throws Exception {
    return JSON.readTree(run("ip", "netns", "exec", name, "nft", "-j", "list", "ruleset"));
  }

  /** The objects of kind {@code kind} ("table", "chain", "rule") in {@code nft -j} output. */
  private static List<JsonNode> objects(JsonNode ruleset, String kind) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode object : ruleset.get("nftables")) {
      if (object.has(kind)) {
        out.add(object.get(kind));
      }
    }
    return out;
  }

  private static List<JsonNode> rules(JsonNode ruleset, String chain) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode rule : objects(ruleset, "rule")) {
      if (rule.get("table").asText().equals(T) && rule.get("chain").asText().equals(chain)) {
        out.add(rule);
      }
    }
    return out;
  }

  /** The single chain or rule of chain {@code chain} of table netmodel. */
  private static JsonNode only(JsonNode ruleset, String kind, String chain) {
    List<JsonNode> found = new ArrayList<>();
    for (JsonNode o : objects(ruleset, kind)) {
      String chainName = kind.equals("chain") ? o.get("name").asText() : o.get("chain").asText();
      if (o.get("table").asText().equals(T) && chainName.equals(chain)) {
        found.add(o);
      }
    }
    assertThat(found).as("%s %s in %s", kind, chain, ruleset).hasSize(1);
    return found.get(0);
  }

  private static boolean onPath(String program) {
    return Stream.of(System.getenv("PATH").split(":"))
        .anyMatch(d -> Files.isExecutable(Path.of(d, program)));
  }

  private static String run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
    }
    return output;
  }
}
