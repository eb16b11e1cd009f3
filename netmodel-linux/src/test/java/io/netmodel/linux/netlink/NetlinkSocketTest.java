package io.netmodel.linux.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The socket itself, in the test's own namespace: no privilege needed. */
class NetlinkSocketTest {

  @Test
  void bindsToAPortIdTheKernelChooses() {
    try (NetlinkSocket a = NetlinkSocket.open(Netlink.NETLINK_ROUTE);
        NetlinkSocket b = NetlinkSocket.open(Netlink.NETLINK_ROUTE)) {
      assertThat(a.portId()).isNotZero().isNotEqualTo(b.portId());
      assertThat(a.protocol()).isZero();
    }
  }

  @Test
  void receivesTheKernelsAnswerWhole() {
    try (NetlinkSocket socket = NetlinkSocket.open(Netlink.NETLINK_ROUTE)) {
      socket.send(noopWithAck(7));

      ByteBuffer reply = socket.receive();

      assertThat(reply.order()).isEqualTo(ByteOrder.nativeOrder());
      assertThat(reply.position()).isZero();
      assertThat(reply.limit()).isEqualTo(reply.getInt(0)); // one message, length as it says
      assertThat(reply.getShort(4)).isEqualTo((short) Netlink.NLMSG_ERROR);
      assertThat(reply.getInt(8)).isEqualTo(7); // our sequence number
    }
  }

  @Test
  void sendTakesHeapAndDirectBuffersAndMovesTheirPosition() {
    try (NetlinkSocket socket = NetlinkSocket.open(Netlink.NETLINK_ROUTE)) {
      ByteBuffer heap = noopWithAck(1);
      ByteBuffer direct =
          ByteBuffer.allocateDirect(heap.remaining()).order(ByteOrder.nativeOrder());
      direct.put(noopWithAck(2)).flip();

      socket.send(heap);
      socket.send(direct);

      assertThat(heap.hasRemaining()).isFalse();
      assertThat(direct.hasRemaining()).isFalse();
      assertThat(socket.receive().getInt(8)).isEqualTo(1);
      assertThat(socket.receive().getInt(8)).isEqualTo(2);
    }
  }

  @Test
  void closeIsIdempotentAndRefusesLaterUse() {
    NetlinkSocket socket = NetlinkSocket.open(Netlink.NETLINK_ROUTE);

    socket.close();
    socket.close();

    assertThat(socket.isClosed()).isTrue();
    assertThatThrownBy(() -> socket.send(noopWithAck(1))).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(socket::receive).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void closeWakesABlockedReceiver() throws Exception {
    NetlinkSocket socket = NetlinkSocket.open(Netlink.NETLINK_ROUTE);
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread receiver =
        new Thread(
            () -> {
              try {
                socket.receive();
              } catch (RuntimeException e) {
                thrown.set(e);
              }
            });
    receiver.start();
    Thread.sleep(200); // it blocks in poll(2): nothing is sent to it

    socket.close();
    receiver.join(TimeUnit.SECONDS.toMillis(5));

    assertThat(receiver.isAlive()).isFalse();
    assertThat(thrown.get()).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void manySocketsUsedFromManyThreadsAtOnceEachGetTheirOwnAnswers() throws Exception {
    // Sockets share their native buffers through a pool: no answer may land in another's call.
    int threads = 4;
    int socketsPerThread = 25;
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(threads);
    try {
      java.util.List<java.util.concurrent.Future<Integer>> results = new java.util.ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int base = 1000 * (t + 1);
        results.add(
            pool.submit(
                () -> {
                  int answered = 0;
                  for (int i = 0; i < socketsPerThread; i++) {
                    try (NetlinkSocket socket = NetlinkSocket.open(Netlink.NETLINK_ROUTE)) {
                      socket.send(noopWithAck(base + i));
                      socket.send(noopWithAck(base + i + 500));
                      assertThat(socket.receive().getInt(8)).isEqualTo(base + i);
                      assertThat(socket.receive().getInt(8)).isEqualTo(base + i + 500);
                      answered++;
                    }
                  }
                  return answered;
                }));
      }
      for (java.util.concurrent.Future<Integer> r : results) {
        assertThat(r.get(30, TimeUnit.SECONDS)).isEqualTo(socketsPerThread);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(NativeScratch.spare()).isBetween(1, NativeScratch.MAX_SPARE);
  }

  @Test
  void aSocketKeepsNoNativeBufferBetweenCalls() {
    int before = NativeScratch.spare();

    try (NetlinkSocket socket = NetlinkSocket.open(Netlink.NETLINK_ROUTE)) {
      assertThat(NativeScratch.spare()).isEqualTo(Math.max(before, 1));
      socket.send(noopWithAck(3));
      assertThat(socket.receive().getInt(8)).isEqualTo(3);

      assertThat(NativeScratch.spare()).isEqualTo(Math.max(before, 1));
    }
  }

  @Test
  void refusesANegativeProtocol() {
    assertThatThrownBy(() -> NetlinkSocket.open(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  /** NLMSG_NOOP with NLM_F_ACK: the kernel answers with an NLMSG_ERROR of error 0. */
  private static ByteBuffer noopWithAck(int seq) {
    ByteBuffer b = ByteBuffer.allocate(Netlink.NLMSG_HDRLEN).order(ByteOrder.nativeOrder());
    b.putInt(Netlink.NLMSG_HDRLEN)
        .putShort((short) Netlink.NLMSG_NOOP)
        .putShort((short) (Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK))
        .putInt(seq)
        .putInt(0)
        .flip();
    return b;
  }
}
