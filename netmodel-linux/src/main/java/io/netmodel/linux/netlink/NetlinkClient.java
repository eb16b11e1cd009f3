package io.netmodel.linux.netlink;

import io.netmodel.api.KernelException;
import io.netmodel.linux.sys.Errnos;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request engine over one netlink socket: numbers requests, asks the kernel to acknowledge
 * each ({@code NLM_F_ACK}), reads replies until the acknowledgement or, for dumps, until
 * {@code NLMSG_DONE}, and turns an {@code NLMSG_ERROR} into a {@link KernelException} that
 * carries the operation, the object, the errno by name and the kernel's extended-ack message.
 *
 * <pre>{@code
 * try (NetlinkClient client = new NetlinkClient(socket)) {
 *   client.execute(NetlinkRequest.of("RTM_NEWLINK", "br0", Rtnl.RTM_NEWLINK,
 *       Netlink.NLM_F_CREATE | Netlink.NLM_F_EXCL, body));
 *   List<NetlinkMessage> links = client.dump(NetlinkRequest.of("RTM_GETLINK", "", ...));
 * }
 * }</pre>
 *
 * <p>Dumps that the kernel marks interrupted ({@code NLM_F_DUMP_INTR}: the table changed
 * while it was being read) are read again from the start, up to {@value #MAX_DUMP_ATTEMPTS}
 * times. {@link #pipeline} sends independent requests back to back in one datagram and
 * collects every reply; the kernel handles them in order and answers each even when an
 * earlier one failed. Messages whose sequence number belongs to no request in flight (left
 * over from an abandoned exchange) are skipped. The socket is expected not to be subscribed to
 * multicast groups.
 *
 * <p>Thread-safe: exchanges on one client are serialized by a lock, so one client per socket
 * may be shared by every thread.
 */
public final class NetlinkClient implements AutoCloseable {
  /** How many times a dump is read before giving up when the kernel keeps interrupting it. */
  public static final int MAX_DUMP_ATTEMPTS = 10;

  // Requests per datagram and bytes per datagram: bounded so that the replies to one batch
  // (each acknowledgement or reply costs a few KiB of the receive buffer) cannot overflow the
  // socket's default receive buffer and be dropped.
  static final int MAX_BATCH_MESSAGES = 32;
  static final int MAX_BATCH_BYTES = 32 * 1024;

  private static final Logger log = LoggerFactory.getLogger(NetlinkClient.class);
  private static final int EINTR = 4;

  private final NetlinkTransport transport;
  private final ReentrantLock lock = new ReentrantLock();
  // Small at first, grown by big batches: a client per namespace, one made at every attach,
  // whose sandbox side sends a few hundred bytes.
  private final MessageWriter writer = new MessageWriter(1024);
  private int nextSeq = 1;

  /** A client that owns {@code transport} and closes it in {@link #close()}. */
  public NetlinkClient(NetlinkTransport transport) {
    this.transport = Objects.requireNonNull(transport, "transport");
  }

  /**
   * The outcome of one request of a {@link #pipeline}: the messages the kernel sent in reply
   * (for a dump, every part), or the failure.
   */
  public record Reply(
      NetlinkRequest request, List<NetlinkMessage> messages, Optional<KernelException> failure) {
    public Reply {
      Objects.requireNonNull(request, "request");
      messages = List.copyOf(messages);
      Objects.requireNonNull(failure, "failure");
    }

    /** The messages, or the failure thrown. */
    public List<NetlinkMessage> messagesOrThrow() {
      if (failure.isPresent()) {
        throw failure.get();
      }
      return messages;
    }
  }

  /**
   * Sends a request and waits for its acknowledgement.
   *
   * @throws KernelException if the kernel refused it ({@link
   *     io.netmodel.api.PermissionDeniedException} for EPERM and EACCES)
   * @throws NetlinkProtocolException if the reply is malformed
   */
  public void execute(NetlinkRequest request) {
    query(request);
  }

  /**
   * Sends a request that the kernel answers with messages (a {@code GET} of one object) and
   * returns them once it is acknowledged.
   *
   * @throws KernelException if the kernel refused it
   */
  public List<NetlinkMessage> query(NetlinkRequest request) {
    return pipeline(List.of(request)).get(0).messagesOrThrow();
  }

  /**
   * Sends a dump request ({@code NLM_F_DUMP} is added) and returns every message of the dump,
   * across datagrams, up to {@code NLMSG_DONE}. A dump the kernel marks interrupted is read
   * again from the start.
   *
   * @throws KernelException if the kernel refused it, or interrupted it {@value
   *     #MAX_DUMP_ATTEMPTS} times in a row ({@code EINTR})
   */
  public List<NetlinkMessage> dump(NetlinkRequest request) {
    lock.lock();
    try {
      for (int attempt = 1; attempt <= MAX_DUMP_ATTEMPTS; attempt++) {
        Pending p = exchange(List.of(request), true).get(0);
        if (p.failure != null) {
          throw p.failure;
        }
        if (!p.interrupted) {
          return List.copyOf(p.messages);
        }
        log.debug("{} dump interrupted, reading it again (attempt {})", request.operation(),
            attempt);
      }
      throw Errnos.exception(
          request.operation(),
          request.object(),
          EINTR,
          "dump interrupted " + MAX_DUMP_ATTEMPTS + " times in a row");
    } finally {
      lock.unlock();
    }
  }

  /**
   * Sends independent requests back to back, as few datagrams as possible, and collects the
   * reply to each. A failure does not stop the others: every acknowledgement is read.
   *
   * @return one reply per request, in order
   * @throws NetlinkProtocolException if a reply is malformed
   */
  public List<Reply> pipeline(List<NetlinkRequest> requests) {
    List<NetlinkRequest> all = List.copyOf(requests);
    lock.lock();
    try {
      List<Reply> out = new ArrayList<>(all.size());
      for (Pending p : exchange(all, false)) {
        out.add(new Reply(p.request, p.messages, Optional.ofNullable(p.failure)));
      }
      return out;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Sends independent requests back to back and waits for all their acknowledgements.
   *
   * @throws KernelException the first failure, with any later ones {@linkplain
   *     Throwable#getSuppressed() suppressed}, after every acknowledgement has been read
   */
  public void executeAll(List<NetlinkRequest> requests) {
    KernelException first = null;
    for (Reply reply : pipeline(requests)) {
      if (reply.failure().isPresent()) {
        if (first == null) {
          first = reply.failure().get();
        } else {
          first.addSuppressed(reply.failure().get());
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  /** The port id of the socket. */
  public int portId() {
    return transport.portId();
  }

  /** The socket's netlink protocol. */
  public int protocol() {
    return transport.protocol();
  }

  /** Closes the socket. */
  @Override
  public void close() {
    transport.close();
  }

  private static final class Pending {
    final NetlinkRequest request;
    final boolean dump;
    final List<NetlinkMessage> messages = new ArrayList<>();
    KernelException failure;
    boolean interrupted;
    boolean done;

    Pending(NetlinkRequest request, boolean dump) {
      this.request = request;
      this.dump = dump;
    }
  }

  // Runs under the lock.
  private List<Pending> exchange(List<NetlinkRequest> requests, boolean dump) {
    List<Pending> all = new ArrayList<>(requests.size());
    int i = 0;
    while (i < requests.size()) {
      Map<Integer, Pending> inFlight = new HashMap<>();
      writer.reset();
      while (i < requests.size()
          && inFlight.size() < MAX_BATCH_MESSAGES
          && (inFlight.isEmpty() || writer.size() < MAX_BATCH_BYTES)) {
        NetlinkRequest request = requests.get(i++);
        int seq = takeSeq();
        int flags = request.flags() | Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK;
        if (dump) {
          flags |= Netlink.NLM_F_DUMP;
        }
        writer.begin(request.type(), flags, seq, 0);
        request.body().writeTo(writer);
        writer.end();
        Pending p = new Pending(request, dump);
        inFlight.put(seq, p);
        all.add(p);
      }
      transport.send(writer.datagram());
      awaitAll(inFlight);
    }
    return all;
  }

  private void awaitAll(Map<Integer, Pending> inFlight) {
    int open = inFlight.size();
    while (open > 0) {
      for (NetlinkMessage m : NetlinkMessage.parseDatagram(transport.receive())) {
        Pending p = inFlight.get(m.seq());
        if (p == null || p.done) {
          continue; // stale: left over from an abandoned exchange, or after the end
        }
        if (accept(p, m)) {
          p.done = true;
          open--;
        }
      }
    }
  }

  /** Files {@code m} under {@code p}; true when it ends {@code p}'s exchange. */
  private static boolean accept(Pending p, NetlinkMessage m) {
    switch (m.type()) {
      case Netlink.NLMSG_NOOP:
        return false;
      case Netlink.NLMSG_OVERRUN:
        throw new NetlinkProtocolException(
            "kernel reported NLMSG_OVERRUN (data lost) during " + p.request.operation());
      case Netlink.NLMSG_ERROR:
        p.failure = errorOf(p.request, m);
        return true;
      case Netlink.NLMSG_DONE:
        if (!p.dump) {
          return false;
        }
        p.failure = doneErrorOf(p.request, m);
        if ((m.flags() & Netlink.NLM_F_DUMP_INTR) != 0) {
          p.interrupted = true;
        }
        return true;
      default:
        if ((m.flags() & Netlink.NLM_F_DUMP_INTR) != 0) {
          p.interrupted = true;
        }
        p.messages.add(m);
        return false;
    }
  }

  private static KernelException errorOf(NetlinkRequest request, NetlinkMessage m) {
    return NetlinkAck.parse(m)
        .map(e -> e.exception(request.operation(), request.object()))
        .orElse(null);
  }

  private static KernelException doneErrorOf(NetlinkRequest request, NetlinkMessage m) {
    return NetlinkAck.parseDone(m)
        .map(e -> e.exception(request.operation(), request.object()))
        .orElse(null);
  }

  private int takeSeq() {
    int seq = nextSeq++;
    if (nextSeq == 0) {
      nextSeq = 1; // 0 is what notifications carry
    }
    return seq;
  }
}
