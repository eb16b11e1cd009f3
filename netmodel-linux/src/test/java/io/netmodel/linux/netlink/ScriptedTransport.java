package io.netmodel.linux.netlink;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;

/**
 * An in-memory {@link NetlinkTransport} that plays the kernel from a script: every message
 * sent is given to a responder, whose datagrams are queued for {@link #receive()}. Replies are
 * built like the kernel's (see {@link #ack}, {@link #error}, {@link #done}).
 */
public final class ScriptedTransport implements NetlinkTransport {
  public static final int PORT_ID = 4225;

  private final Deque<ByteBuffer> inbox = new ArrayDeque<>();
  private final List<ByteBuffer> sent = new ArrayList<>();
  private Function<NetlinkMessage, List<ByteBuffer>> responder;
  private boolean closed;
  private boolean sendWhileRepliesUnread;

  /** A transport whose kernel acknowledges every request. */
  public ScriptedTransport() {
    this(m -> List.of(ack(m)));
  }

  public ScriptedTransport(Function<NetlinkMessage, List<ByteBuffer>> responder) {
    this.responder = responder;
  }

  /** Changes how the kernel answers. */
  public synchronized void respondWith(Function<NetlinkMessage, List<ByteBuffer>> responder) {
    this.responder = responder;
  }

  /** Queues a datagram as if the kernel had sent it unasked. */
  public synchronized void inject(ByteBuffer datagram) {
    inbox.add(datagram);
  }

  @Override
  public synchronized void send(ByteBuffer datagram) {
    if (!inbox.isEmpty()) {
      sendWhileRepliesUnread = true;
    }
    ByteBuffer copy = Captures.copy(datagram);
    sent.add(copy);
    for (NetlinkMessage m : NetlinkMessage.parseDatagram(copy.duplicate())) {
      inbox.addAll(responder.apply(m));
    }
  }

  @Override
  public synchronized ByteBuffer receive() {
    if (inbox.isEmpty()) {
      throw new AssertionError("the client waits for a reply that the script does not give");
    }
    return inbox.poll();
  }

  @Override
  public int portId() {
    return PORT_ID;
  }

  @Override
  public int protocol() {
    return Netlink.NETLINK_ROUTE;
  }

  @Override
  public synchronized void close() {
    closed = true;
  }

  public synchronized boolean closed() {
    return closed;
  }

  /** The datagrams sent so far. */
  public synchronized List<ByteBuffer> sent() {
    return List.copyOf(sent);
  }

  /** Every message sent so far, in order. */
  public synchronized List<NetlinkMessage> sentMessages() {
    List<NetlinkMessage> out = new ArrayList<>();
    for (ByteBuffer d : sent) {
      out.addAll(NetlinkMessage.parseDatagram(d.duplicate()));
    }
    return out;
  }

  /** How many datagrams are queued and not yet received. */
  public synchronized int unread() {
    return inbox.size();
  }

  /** Whether a datagram was sent while replies to an earlier one were still unread. */
  public synchronized boolean sentWhileRepliesUnread() {
    return sendWhileRepliesUnread;
  }

  // ---- kernel-shaped replies

  /** The kernel's acknowledgement: NLMSG_ERROR with error 0, capped to the header. */
  public static ByteBuffer ack(NetlinkMessage request) {
    MessageWriter w = new MessageWriter();
    w.begin(Netlink.NLMSG_ERROR, Netlink.NLM_F_CAPPED, request.seq(), PORT_ID).u32(0);
    echoHeader(w, request).end();
    return Captures.copy(w.datagram());
  }

  /**
   * The kernel's refusal with {@code errno}, capped, with {@code NLMSGERR_ATTR_MSG} when
   * {@code message} is not null.
   */
  public static ByteBuffer error(NetlinkMessage request, int errno, String message) {
    MessageWriter w = new MessageWriter();
    int flags = Netlink.NLM_F_CAPPED | (message == null ? 0 : Netlink.NLM_F_ACK_TLVS);
    w.begin(Netlink.NLMSG_ERROR, flags, request.seq(), PORT_ID).u32(-errno);
    echoHeader(w, request);
    if (message != null) {
      w.attrString(Netlink.NLMSGERR_ATTR_MSG, message).attrU32(Netlink.NLMSGERR_ATTR_OFFS, 32);
    }
    return Captures.copy(w.end().datagram());
  }

  /** NLMSG_DONE of a dump, with {@code error} (0 for success). */
  public static ByteBuffer done(NetlinkMessage request, int error) {
    MessageWriter w = new MessageWriter();
    w.begin(Netlink.NLMSG_DONE, Netlink.NLM_F_MULTI, request.seq(), PORT_ID).u32(error).end();
    return Captures.copy(w.datagram());
  }

  /** One datagram holding dump parts of {@code type} answering {@code request}. */
  public static ByteBuffer parts(NetlinkMessage request, int type, int flags, int... values) {
    MessageWriter w = new MessageWriter();
    for (int v : values) {
      w.begin(type, Netlink.NLM_F_MULTI | flags, request.seq(), PORT_ID).u32(v).end();
    }
    return Captures.copy(w.datagram());
  }

  private static MessageWriter echoHeader(MessageWriter w, NetlinkMessage request) {
    return w.u32(16 + request.payloadLength())
        .u16(request.type())
        .u16(request.flags())
        .u32(request.seq())
        .u32(request.portId());
  }
}
