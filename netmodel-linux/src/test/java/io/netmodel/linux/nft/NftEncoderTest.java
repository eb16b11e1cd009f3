package io.netmodel.linux.nft;

import static org.assertj.core.api.Assertions.assertThat;

import io.netmodel.api.net.InterfaceName;
import io.netmodel.api.net.IpAddresses;
import io.netmodel.api.net.IpPrefix;
import io.netmodel.api.net.Protocol;
import io.netmodel.linux.netlink.MessageWriter;
import io.netmodel.linux.netlink.NetlinkMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The encoder against batches that {@code nft -f} sent to the kernel, captured with strace by
 * {@code src/test/resources/nft/capture.sh} (nftables 1.0.6, Linux 6.18 x86_64): each message
 * has the same type, the same flags (but for the acknowledgement and echo this package asks
 * for) and the same payload, from the {@code struct nfgenmsg} on. Sequence numbers differ.
 */
class NftEncoderTest {
  private static final NftFamily IP = NftFamily.IP;
  private static final String T = "netmodel";
  private static final InterfaceName BR0 = InterfaceName.of("br0");

  static Stream<Arguments> captures() {
    return Stream.of(
        Arguments.of("table", NftBatch.builder().addTable(IP, T).build()),
        Arguments.of("nat-chain", NftBatch.builder()
            .addBaseChain(IP, T, "postrouting",
                ChainHook.of(NftChainType.NAT, NftHook.POSTROUTING, 100))
            .build()),
        Arguments.of("masquerade", NftBatch.builder()
            .appendRule(IP, T, "postrouting", masqueradeRule())
            .build()),
        Arguments.of("dnat", NftBatch.builder()
            .appendRule(IP, T, "prerouting", dnatRule())
            .build()),
        Arguments.of("filter-chains", NftBatch.builder()
            .addBaseChain(IP, T, "forward",
                new ChainHook(NftChainType.FILTER, NftHook.FORWARD, 0, NftVerdict.DROP))
            .addChain(IP, T, "isolate")
            .build()),
        Arguments.of("established", NftBatch.builder()
            .appendRule(IP, T, "forward", establishedRule())
            .build()),
        Arguments.of("prefix-jump", NftBatch.builder()
            .appendRule(IP, T, "forward", prefixJumpRule())
            .build()),
        Arguments.of("lookup", NftBatch.builder()
            .appendRule(IP, T, "forward", lookupRule())
            .build()),
        Arguments.of("fib-jump", NftBatch.builder()
            .appendRule(IP, T, "prerouting", NftMatch.rule(
                NftMatch.fibDestinationType(Netfilter.RTN_LOCAL),
                List.of(NftMatch.verdict(NftVerdict.jump("pub-br0/e1")))))
            .build()),
        Arguments.of("host-dnat", NftBatch.builder()
            .appendRule(IP, T, "pub-br0/e1", NftMatch.rule(
                NftMatch.destination(Expression.Cmp.Op.EQ, IpAddresses.parse("192.168.77.1")),
                NftMatch.destinationPort(Protocol.UDP, 8080),
                NftMatch.dnat(IpAddresses.parse("10.9.0.2"), OptionalInt.of(80))))
            .build()),
        Arguments.of("hairpin", NftBatch.builder()
            .appendRule(IP, T, "hp-br0/e1", NftMatch.rule(
                NftMatch.outputInterface(Expression.Cmp.Op.EQ, BR0),
                NftMatch.ctStatusAny(Netfilter.IPS_DST_NAT),
                NftMatch.destination(Expression.Cmp.Op.EQ, IpAddresses.parse("10.9.0.2")),
                NftMatch.fibSourceType(Netfilter.RTN_LOCAL),
                List.of(NftMatch.masquerade())))
            .build()),
        Arguments.of("ip6-output", NftBatch.builder()
            .appendRule(NftFamily.IP6, T, "output", NftMatch.rule(
                NftMatch.destination(Expression.Cmp.Op.NEQ, IpAddresses.parse("::1")),
                NftMatch.fibDestinationType(Netfilter.RTN_LOCAL),
                List.of(NftMatch.verdict(NftVerdict.jump("pub-br0/e1")))))
            .build()),
        Arguments.of("ip6-dnat", NftBatch.builder()
            .appendRule(NftFamily.IP6, T, "pub-br0/e1", NftMatch.rule(
                NftMatch.destination(Expression.Cmp.Op.EQ, IpAddresses.parse("fd00::1")),
                NftMatch.destinationPort(Protocol.TCP, 8080),
                NftMatch.dnat(IpAddresses.parse("fd00::2"), OptionalInt.of(80))))
            .build()),
        Arguments.of("ip6-hairpin", NftBatch.builder()
            .appendRule(NftFamily.IP6, T, "hp-br0/e1", NftMatch.rule(
                NftMatch.outputInterface(Expression.Cmp.Op.EQ, BR0),
                NftMatch.ctStatusAny(Netfilter.IPS_DST_NAT),
                NftMatch.destination(Expression.Cmp.Op.EQ, IpAddresses.parse("fd00::2")),
                NftMatch.source(Expression.Cmp.Op.EQ, IpAddresses.parse("fd00::2")),
                List.of(NftMatch.masquerade())))
            .build()),
        Arguments.of("direct-access", NftBatch.builder()
            .appendRule(NftFamily.INET, T, "fwd-br0/n", NftMatch.rule(
                NftMatch.outputInterface(Expression.Cmp.Op.EQ, BR0),
                NftMatch.inputInterface(Expression.Cmp.Op.NEQ, BR0),
                NftMatch.ctState(Netfilter.NF_CT_STATE_NEW_BIT),
                NftMatch.ctStatusNone(Netfilter.IPS_DST_NAT),
                List.of(NftMatch.verdict(NftVerdict.DROP))))
            .build()),
        Arguments.of("localnet-guard", NftBatch.builder()
            .appendRule(NftFamily.INET, T, "guard-br0/n", NftMatch.rule(
                NftMatch.inputInterface(Expression.Cmp.Op.EQ, BR0),
                NftMatch.protocolFamily(NftFamily.IP),
                NftMatch.ipv4Destination(Expression.Cmp.Op.EQ, IpPrefix.parse("127.0.0.0/8")),
                List.of(NftMatch.verdict(NftVerdict.DROP))))
            .build()));
  }

  static List<Expression> masqueradeRule() {
    return NftMatch.rule(
        NftMatch.ipv4Source(Expression.Cmp.Op.EQ, IpPrefix.parse("10.213.0.0/24")),
        NftMatch.outputInterface(Expression.Cmp.Op.NEQ, InterfaceName.of("br0")),
        List.of(NftMatch.masquerade()));
  }

  static List<Expression> dnatRule() {
    return NftMatch.rule(
        NftMatch.destinationPort(Protocol.TCP, 8080),
        NftMatch.dnat(IpAddresses.parse("10.213.0.2"), OptionalInt.of(80)));
  }

  static List<Expression> establishedRule() {
    return NftMatch.rule(
        NftMatch.ctState(Netfilter.NF_CT_STATE_ESTABLISHED_BIT | Netfilter.NF_CT_STATE_RELATED_BIT),
        List.of(NftMatch.counter(), NftMatch.verdict(NftVerdict.ACCEPT)));
  }

  static List<Expression> prefixJumpRule() {
    return NftMatch.rule(
        NftMatch.ipv4Destination(Expression.Cmp.Op.EQ, IpPrefix.parse("10.213.0.0/23")),
        NftMatch.inputInterface(Expression.Cmp.Op.EQ, InterfaceName.of("br0")),
        List.of(NftMatch.verdict(NftVerdict.jump("isolate"))));
  }

  static List<Expression> lookupRule() {
    return NftMatch.rule(
        NftMatch.l4Protocol(Protocol.TCP),
        List.of(
            new Expression.Payload(Expression.Payload.Base.TRANSPORT, 2, 2, NftRegister.REG_1),
            new Expression.Lookup(
                "published", OptionalInt.of(1), NftRegister.REG_1, Optional.empty(), false),
            NftMatch.verdict(NftVerdict.DROP)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("captures")
  void encodesBatchAsNftDoes(String capture, NftBatch batch) {
    List<NetlinkMessage> expected = NetlinkMessage.parseDatagram(capture(capture));
    MessageWriter w = new MessageWriter();
    NftEncoder.writeBatch(w, batch, 100);
    List<NetlinkMessage> actual = NetlinkMessage.parseDatagram(w.datagram());

    assertThat(actual).hasSameSizeAs(expected).hasSize(batch.commands().size() + 2);
    for (int i = 0; i < expected.size(); i++) {
      NetlinkMessage e = expected.get(i);
      NetlinkMessage a = actual.get(i);
      assertThat(a.type()).as("type of message %d", i).isEqualTo(e.type());
      assertThat(a.flags() & ~NftEncoder.REPLY_FLAGS).as("flags of message %d", i)
          .isEqualTo(e.flags());
      assertThat(hex(a.payload())).as("payload of message %d", i).isEqualTo(hex(e.payload()));
      assertThat(a.seq()).isEqualTo(100 + i);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("captures")
  void decodesNftsRulesIntoTheSameExpressions(String capture, NftBatch batch) {
    List<NetlinkMessage> messages = NetlinkMessage.parseDatagram(capture(capture));
    for (int i = 0; i < batch.commands().size(); i++) {
      NftCommand command = batch.commands().get(i);
      if (command instanceof NftCommand.AddRule) {
        NftCommand.AddRule add = (NftCommand.AddRule) command;
        NftRule rule = NftDecoder.rule(messages.get(i + 1));
        assertThat(rule.family()).isEqualTo(add.family());
        assertThat(rule.table()).isEqualTo(add.table());
        assertThat(rule.chain()).isEqualTo(add.chain());
        assertThat(rule.expressions()).containsExactlyElementsOf(add.expressions());
      }
    }
  }

  /** The one datagram of capture {@code name}, in machine order. */
  static ByteBuffer capture(String name) {
    String resource = "/nft/" + name + ".hex";
    try (InputStream in = NftEncoderTest.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no capture " + resource);
      }
      String line = new String(in.readAllBytes(), StandardCharsets.US_ASCII).lines()
          .filter(l -> !l.isBlank() && !l.startsWith("#"))
          .findFirst()
          .orElseThrow();
      return ByteBuffer.wrap(HexFormat.of().parseHex(line.strip()))
          .order(ByteOrder.nativeOrder());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String hex(ByteBuffer b) {
    byte[] bytes = new byte[b.remaining()];
    b.duplicate().get(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
