package io.netmodel.linux.netlink;

import static io.netmodel.linux.netlink.ScriptedTransport.ack;
import static io.netmodel.linux.netlink.ScriptedTransport.done;
import static io.netmodel.linux.netlink.ScriptedTransport.error;
import static io.netmodel.linux.netlink.ScriptedTransport.parts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.netmodel.api.KernelException;
import io.netmodel.api.PermissionDeniedException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NetlinkClientTest {
  private static final int RTM_NEWLINK = 16;
  private static final int RTM_GETLINK = 18;
  private static final int RTM_NEWADDR = 20;
  private static final int RTM_GETADDR = 22;

  private static NetlinkRequest request(String object, int flags) {
    return NetlinkRequest.of("RTM_NEWLINK", object, RTM_NEWLINK, flags, w -> w.u32(7));
  }

  private static NetlinkRequest dumpRequest() {
    return NetlinkRequest.of("RTM_GETADDR", "", RTM_GETADDR, 0, w -> w.u32(0).u32(0));
  }

  @Test
  void executeAsksForAnAckAndNumbersTheRequest() {
    ScriptedTransport kernel = new ScriptedTransport();
    NetlinkClient client = new NetlinkClient(kernel);

    client.execute(request("br0", Netlink.NLM_F_CREATE | Netlink.NLM_F_EXCL));
    client.execute(request("br1", 0));

    List<NetlinkMessage> sent = kernel.sentMessages();
    assertThat(sent).hasSize(2);
    assertThat(sent.get(0).flags())
        .isEqualTo(
            Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK | Netlink.NLM_F_CREATE | Netlink.NLM_F_EXCL);
    assertThat(sent.get(0).type()).isEqualTo(RTM_NEWLINK);
    assertThat(sent.get(0).s32(0)).isEqualTo(7);
    assertThat(sent.get(1).seq()).isNotEqualTo(sent.get(0).seq());
    assertThat(kernel.unread()).isZero();
  }

  @Test
  void capturedErrorWithExtendedAckBecomesKernelExceptionWithTheKernelsMessage() {
    ByteBuffer captured = Captures.first("newlink-unknown-kind");
    NetlinkClient client =
        new NetlinkClient(new ScriptedTransport(m -> List.of(Captures.withSeq(captured, m.seq()))));

    KernelException e =
        catchThrowableOfType(
            KernelException.class, () -> client.execute(request("bad0 (kind nosuchkind)", 0)));

    assertThat(e).isNotInstanceOf(PermissionDeniedException.class);
    assertThat(e.operation()).isEqualTo("RTM_NEWLINK");
    assertThat(e.object()).isEqualTo("bad0 (kind nosuchkind)");
    assertThat(e.errno()).isEqualTo(95);
    assertThat(e.errnoName()).isEqualTo("EOPNOTSUPP");
    assertThat(e.kernelMessage()).hasValue("Unknown device type");
    assertThat(e.getMessage())
        .isEqualTo(
            "RTM_NEWLINK bad0 (kind nosuchkind) failed: EOPNOTSUPP (Operation not supported):"
                + " Unknown device type");
  }

  @Test
  void capturedErrorWithoutExtendedAckHasNoKernelMessage() {
    ByteBuffer captured = Captures.first("newlink-exists");
    NetlinkClient client =
        new NetlinkClient(new ScriptedTransport(m -> List.of(Captures.withSeq(captured, m.seq()))));

    KernelException e =
        catchThrowableOfType(KernelException.class, () -> client.execute(request("br0", 0)));

    assertThat(e.errnoName()).isEqualTo("EEXIST");
    assertThat(e.kernelMessage()).isEmpty();
    assertThat(e.getMessage()).isEqualTo("RTM_NEWLINK br0 failed: EEXIST (File exists)");
  }

  @Test
  void cappedErrorStillCarriesTheExtendedAck() {
    NetlinkClient client =
        new NetlinkClient(new ScriptedTransport(m -> List.of(error(m, 19, "Master not found"))));

    KernelException e =
        catchThrowableOfType(KernelException.class, () -> client.execute(request("v0", 0)));

    assertThat(e.errnoName()).isEqualTo("ENODEV");
    assertThat(e.kernelMessage()).hasValue("Master not found");
  }

  @ParameterizedTest
  @CsvSource({"1, EPERM, true", "13, EACCES, true", "17, EEXIST, false", "16, EBUSY, false"})
  void permissionErrorsArePermissionDenied(int errno, String name, boolean permission) {
    NetlinkClient client =
        new NetlinkClient(new ScriptedTransport(m -> List.of(error(m, errno, null))));

    KernelException e =
        catchThrowableOfType(KernelException.class, () -> client.execute(request("x", 0)));

    assertThat(e.errnoName()).isEqualTo(name);
    assertThat(e instanceof PermissionDeniedException).isEqualTo(permission);
  }

  @Test
  void queryReturnsTheRepliesBeforeTheAck() {
    List<ByteBuffer> captured = Captures.datagrams("getlink-v0");
    NetlinkClient client =
        new NetlinkClient(
            new ScriptedTransport(
                m -> List.of(Captures.withSeq(captured.get(0), m.seq()),
                    Captures.withSeq(captured.get(1), m.seq()))));

    List<NetlinkMessage> replies =
        client.query(NetlinkRequest.of("RTM_GETLINK", "v0", RTM_GETLINK, 0, w -> w.u32(0)));

    assertThat(replies).hasSize(1);
    assertThat(replies.get(0).type()).isEqualTo(RTM_NEWLINK);
    assertThat(replies.get(0).attributes(16).string(3)).hasValue("v0");
  }

  @Test
  void dumpReadsMultipartRepliesAcrossDatagramsUntilDone() {
    List<ByteBuffer> captured = Captures.datagrams("dump-addr");
    ScriptedTransport kernel =
        new ScriptedTransport(
            m -> List.of(Captures.withSeq(captured.get(0), m.seq()),
                Captures.withSeq(captured.get(1), m.seq())));
    NetlinkClient client = new NetlinkClient(kernel);

    List<NetlinkMessage> parts = client.dump(dumpRequest());

    assertThat(parts).hasSize(4).allSatisfy(m -> assertThat(m.type()).isEqualTo(RTM_NEWADDR));
    assertThat(kernel.sentMessages().get(0).hasFlags(Netlink.NLM_F_DUMP | Netlink.NLM_F_ACK))
        .isTrue();
  }

  @Test
  void dumpSplitOverManyDatagramsKeepsOrder() {
    NetlinkClient client =
        new NetlinkClient(
            new ScriptedTransport(
                m -> List.of(parts(m, RTM_NEWADDR, 0, 1, 2), parts(m, RTM_NEWADDR, 0, 3),
                    done(m, 0))));

    assertThat(client.dump(dumpRequest())).extracting(m -> m.s32(0)).containsExactly(1, 2, 3);
  }

  @Test
  void interruptedDumpIsReadAgainFromTheStart() {
    AtomicInteger attempts = new AtomicInteger();
    ScriptedTransport kernel =
        new ScriptedTransport(
            m -> attempts.incrementAndGet() == 1
                ? List.of(parts(m, RTM_NEWADDR, 0, 1), parts(m, RTM_NEWADDR,
                    Netlink.NLM_F_DUMP_INTR, 2), done(m, 0))
                : List.of(parts(m, RTM_NEWADDR, 0, 10, 20, 30), done(m, 0)));
    NetlinkClient client = new NetlinkClient(kernel);

    List<NetlinkMessage> parts = client.dump(dumpRequest());

    assertThat(parts).extracting(m -> m.s32(0)).containsExactly(10, 20, 30);
    assertThat(kernel.sent()).hasSize(2);
    assertThat(kernel.unread()).isZero();
  }

  @Test
  void dumpInterruptedOnEveryAttemptFailsWithEintrAfterTheLimit() {
    ScriptedTransport kernel =
        new ScriptedTransport(
            m -> List.of(parts(m, RTM_NEWADDR, Netlink.NLM_F_DUMP_INTR, 1), done(m, 0)));
    NetlinkClient client = new NetlinkClient(kernel);

    KernelException e = catchThrowableOfType(KernelException.class, () -> client.dump(dumpRequest()));

    assertThat(e.errnoName()).isEqualTo("EINTR");
    assertThat(e.operation()).isEqualTo("RTM_GETADDR");
    assertThat(kernel.sent()).hasSize(NetlinkClient.MAX_DUMP_ATTEMPTS);
  }

  @Test
  void dumpRefusedUpFrontIsAKernelException() {
    NetlinkClient client =
        new NetlinkClient(new ScriptedTransport(m -> List.of(error(m, 22, "Invalid header"))));

    KernelException e = catchThrowableOfType(KernelException.class, () -> client.dump(dumpRequest()));

    assertThat(e.errnoName()).isEqualTo("EINVAL");
    assertThat(e.kernelMessage()).hasValue("Invalid header");
  }

  @Test
  void dumpFailingMidwayReportsTheErrorInDone() {
    NetlinkClient client =
        new NetlinkClient(
            new ScriptedTransport(m -> List.of(parts(m, RTM_NEWADDR, 0, 1), done(m, -105))));

    KernelException e = catchThrowableOfType(KernelException.class, () -> client.dump(dumpRequest()));

    assertThat(e.errnoName()).isEqualTo("ENOBUFS");
  }

  @Test
  void pipelineSendsOneDatagramAndDrainsEveryAckReportingTheFirstFailure() {
    ScriptedTransport kernel =
        new ScriptedTransport(
            m -> m.s32(0) % 2 == 0 ? List.of(ack(m)) : List.of(error(m, 17, "exists " + m.s32(0))));
    NetlinkClient client = new NetlinkClient(kernel);
    List<NetlinkRequest> requests = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      int n = i;
      requests.add(NetlinkRequest.of("RTM_NEWADDR", "addr " + n, RTM_NEWADDR, 0, w -> w.u32(n)));
    }

    KernelException e =
        catchThrowableOfType(KernelException.class, () -> client.executeAll(requests));

    assertThat(kernel.sent()).hasSize(1);
    assertThat(kernel.sentMessages()).hasSize(5);
    assertThat(kernel.unread()).isZero();
    assertThat(e.object()).isEqualTo("addr 1");
    assertThat(e.kernelMessage()).hasValue("exists 1");
    assertThat(e.getSuppressed()).hasSize(1);
    assertThat(((KernelException) e.getSuppressed()[0]).object()).isEqualTo("addr 3");
  }

  @Test
  void pipelineReportsEachOutcomeInOrder() {
    NetlinkClient client =
        new NetlinkClient(
            new ScriptedTransport(
                m -> m.s32(0) == 1 ? List.of(error(m, 19, null)) : List.of(ack(m))));

    List<NetlinkClient.Reply> replies =
        client.pipeline(
            List.of(request("a", 0), NetlinkRequest.of("RTM_NEWLINK", "b", RTM_NEWLINK, 0,
                w -> w.u32(1)), request("c", 0)));

    assertThat(replies).extracting(r -> r.request().object()).containsExactly("a", "b", "c");
    assertThat(replies).extracting(r -> r.failure().isPresent()).containsExactly(false, true, false);
  }

  @Test
  void largePipelinesAreSentInBoundedBatches() {
    ScriptedTransport kernel = new ScriptedTransport();
    NetlinkClient client = new NetlinkClient(kernel);
    List<NetlinkRequest> requests = new ArrayList<>();
    for (int i = 0; i < 70; i++) {
      requests.add(request("x" + i, 0));
    }

    client.executeAll(requests);

    assertThat(kernel.sent()).hasSize(3);
    assertThat(kernel.sentMessages()).hasSize(70);
    assertThat(kernel.sentWhileRepliesUnread()).isFalse();
  }

  @Test
  void staleRepliesAndNotificationsAreSkipped() {
    ScriptedTransport kernel = new ScriptedTransport();
    NetlinkClient client = new NetlinkClient(kernel);
    MessageWriter w = new MessageWriter();
    w.begin(Netlink.NLMSG_ERROR, Netlink.NLM_F_CAPPED, 999, ScriptedTransport.PORT_ID)
        .u32(-17).u32(16).u16(RTM_NEWLINK).u16(5).u32(999).u32(0).end();
    w.begin(RTM_NEWLINK, 0, 0, 0).u32(0).end();
    kernel.inject(Captures.copy(w.datagram()));

    client.execute(request("br0", 0));

    assertThat(kernel.unread()).isZero();
  }

  @Test
  void malformedReplyIsAProtocolErrorAndTheClientStaysUsable() {
    ScriptedTransport kernel =
        new ScriptedTransport(m -> List.of(Captures.hex("ffff0000020000000100000000000000")));
    NetlinkClient client = new NetlinkClient(kernel);

    assertThatThrownBy(() -> client.execute(request("br0", 0)))
        .isInstanceOf(NetlinkProtocolException.class);

    kernel.respondWith(m -> List.of(ack(m)));
    client.execute(request("br0", 0));
  }

  @Test
  void positiveErrorIsAProtocolError() {
    NetlinkClient client = new NetlinkClient(new ScriptedTransport(m -> List.of(error(m, -5, null))));

    assertThatThrownBy(() -> client.execute(request("br0", 0)))
        .isInstanceOf(NetlinkProtocolException.class)
        .hasMessageContaining("positive error");
  }

  @Test
  void errorEchoingMoreThanItHoldsIsAProtocolError() {
    ByteBuffer captured = Captures.first("newlink-unknown-kind");
    ByteBuffer lying = Captures.copy(captured);
    lying.putInt(20, 0x7FFFFFFF); // the echoed request's nlmsg_len
    NetlinkClient client =
        new NetlinkClient(new ScriptedTransport(m -> List.of(Captures.withSeq(lying, m.seq()))));

    assertThatThrownBy(() -> client.execute(request("bad0", 0)))
        .isInstanceOf(NetlinkProtocolException.class);
  }

  @Test
  void oneClientServesManyThreadsOneExchangeAtATime() throws Exception {
    ScriptedTransport kernel = new ScriptedTransport();
    NetlinkClient client = new NetlinkClient(kernel);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        futures.add(pool.submit(() -> {
          for (int i = 0; i < 200; i++) {
            client.execute(request("x", 0));
          }
        }));
      }
      for (Future<?> f : futures) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(kernel.sentMessages()).hasSize(1600);
    assertThat(kernel.sentMessages()).extracting(NetlinkMessage::seq).doesNotHaveDuplicates();
    assertThat(kernel.sentWhileRepliesUnread()).isFalse();
  }

  @Test
  void closeClosesTheTransport() {
    ScriptedTransport kernel = new ScriptedTransport();
    new NetlinkClient(kernel).close();
    assertThat(kernel.closed()).isTrue();
  }
}
