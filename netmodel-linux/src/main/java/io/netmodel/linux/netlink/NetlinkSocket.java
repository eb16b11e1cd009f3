package io.netmodel.linux.netlink;

import io.netmodel.api.KernelException;
import io.netmodel.linux.sys.Syscalls;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A netlink socket of the kernel, the real {@link NetlinkTransport}.
 *
 * <pre>{@code
 * // Opened inside the namespace it is to serve, then used from any thread.
 * NetlinkSocket socket = namespace.call(() -> NetlinkSocket.open(Netlink.NETLINK_ROUTE));
 * }</pre>
 *
 * <p>A socket belongs to the network namespace of the thread that {@linkplain #open opened} it, for
 * good. It is bound to a port id the kernel chooses, asks for extended acks ({@code
 * NETLINK_EXT_ACK}), capped acks ({@code NETLINK_CAP_ACK}) and strict checking of dump requests
 * ({@code NETLINK_GET_STRICT_CHK}, where the kernel has it), and has a 1 MiB receive buffer so that
 * dumps are not dropped. Datagrams from anything but the kernel (port id 0) are dropped.
 *
 * <p>Thread-safe: sends may come from any thread; receives are serialised. {@link #close()} is
 * idempotent and wakes a thread blocked in {@link #receive()}, which then fails with {@link
 * IllegalStateException}. A socket holds no native memory of its own: each call borrows direct
 * buffers from a pool shared by all sockets, so that opening a socket (one per namespace) touches
 * no fresh memory.
 */
public final class NetlinkSocket implements NetlinkTransport {
  // bits/socket.h (glibc): address family, socket level and socket types.
  static final int AF_NETLINK = 16;
  static final int SOL_NETLINK = 270;
  static final int SOCK_RAW = 3;
  static final int SOCK_NONBLOCK = 04000;
  static final int SOCK_CLOEXEC = 02000000;
  static final int MSG_PEEK = 0x02;
  static final int MSG_TRUNC = 0x20;
  static final int MSG_DONTWAIT = 0x40;

  // asm-generic/socket.h: options at level SOL_SOCKET.
  static final int SOL_SOCKET = 1;
  static final int SO_SNDBUF = 7;
  static final int SO_RCVBUF = 8;
  static final int SO_SNDBUFFORCE = 32;
  static final int SO_RCVBUFFORCE = 33;

  // linux/netlink.h: struct sockaddr_nl is {u16 nl_family, u16 nl_pad, u32 nl_pid,
  // u32 nl_groups}.
  private static final int NL_PID_OFFSET = 4;

  /** The socket buffer sizes asked for; the kernel doubles them for its bookkeeping. */
  static final int BUFFER_BYTES = 1 << 20;

  /**
   * The kernel's address (port id 0, no groups): the destination of every send, and the address
   * to bind to (port id 0 lets the kernel choose). Filled once here and never written again, so
   * that concurrent system calls may read it.
   */
  private static final ByteBuffer KERNEL = sockaddrNl(0);

  /** The 8-byte increment written to the eventfd to wake a receiver; never written again. */
  private static final ByteBuffer ONE =
      ByteBuffer.allocateDirect(Long.BYTES).order(ByteOrder.nativeOrder()).putLong(0, 1L);

  private final int fd;
  private final int wakeFd;
  private final int protocol;
  private final int portId;
  private final String description;

  private final AtomicBoolean closed = new AtomicBoolean();
  private final ReentrantLock sendLock = new ReentrantLock();
  private final ReentrantLock receiveLock = new ReentrantLock();

  private NetlinkSocket(int fd, int wakeFd, int protocol, int portId, String description) {
    this.fd = fd;
    this.wakeFd = wakeFd;
    this.protocol = protocol;
    this.portId = portId;
    this.description = description;
  }

  /**
   * Opens a netlink socket of {@code protocol} (for example {@link Netlink#NETLINK_ROUTE}) in the
   * calling thread's network namespace.
   *
   * @throws KernelException if the kernel refuses the socket or one of its options
   * @throws IllegalArgumentException if {@code protocol} is negative
   */
  public static NetlinkSocket open(int protocol) {
    if (protocol < 0) {
      throw new IllegalArgumentException("netlink protocol must not be negative: " + protocol);
    }
    String description = "netlink socket (protocol " + protocol + ")";
    int fd =
        Syscalls.socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, protocol, description);
    int wakeFd = -1;
    try {
      wakeFd = Syscalls.eventfd(0, Syscalls.EFD_CLOEXEC | Syscalls.EFD_NONBLOCK, description);
      Syscalls.bind(fd, KERNEL, description);
      int portId;
      NativeScratch scratch = NativeScratch.take();
      try {
        ByteBuffer bound = scratch.address();
        Syscalls.getsockname(fd, bound, description);
        portId = bound.getInt(NL_PID_OFFSET);
      } finally {
        scratch.giveBack();
      }
      String named = "netlink socket (protocol " + protocol + ", port " + portId + ")";
      configure(fd, named);
      return new NetlinkSocket(fd, wakeFd, protocol, portId, named);
    } catch (RuntimeException e) {
      closeQuietly(fd, description, e);
      if (wakeFd >= 0) {
        closeQuietly(wakeFd, description, e);
      }
      throw e;
    }
  }

  private static void configure(int fd, String description) {
    Syscalls.setsockopt(
        fd, SOL_NETLINK, Netlink.NETLINK_EXT_ACK, 1, "NETLINK_EXT_ACK on " + description);
    Syscalls.setsockopt(
        fd, SOL_NETLINK, Netlink.NETLINK_CAP_ACK, 1, "NETLINK_CAP_ACK on " + description);
    try {
      Syscalls.setsockopt(
          fd,
          SOL_NETLINK,
          Netlink.NETLINK_GET_STRICT_CHK,
          1,
          "NETLINK_GET_STRICT_CHK on " + description);
    } catch (KernelException e) {
      if (!e.is("ENOPROTOOPT")) {
        throw e; // older than Linux 4.20: dumps are simply not filtered by the kernel
      }
    }
    setBuffer(fd, SO_RCVBUFFORCE, SO_RCVBUF, "SO_RCVBUF", description);
    setBuffer(fd, SO_SNDBUFFORCE, SO_SNDBUF, "SO_SNDBUF", description);
  }

  /** Sets a buffer size past the system limit where allowed (CAP_NET_ADMIN), else up to it. */
  private static void setBuffer(
      int fd, int forceOption, int option, String name, String description) {
    try {
      Syscalls.setsockopt(
          fd, SOL_SOCKET, forceOption, BUFFER_BYTES, name + "FORCE on " + description);
    } catch (KernelException e) {
      if (!e.is("EPERM")) {
        throw e;
      }
      Syscalls.setsockopt(fd, SOL_SOCKET, option, BUFFER_BYTES, name + " on " + description);
    }
  }

  /**
   * Sends one datagram to the kernel: the bytes from {@code datagram}'s position to its limit. The
   * position is moved to the limit.
   *
   * @throws KernelException if the kernel refuses the datagram
   * @throws IllegalStateException if the socket is closed
   */
  @Override
  public void send(ByteBuffer datagram) {
    sendLock.lock();
    NativeScratch scratch = null;
    try {
      requireOpen();
      int length = datagram.remaining();
      ByteBuffer out;
      if (datagram.isDirect()) {
        out = datagram;
      } else {
        scratch = NativeScratch.take();
        out = scratch.data(length);
        out.put(datagram.duplicate()).flip();
      }
      int sent = Syscalls.sendto(fd, out, 0, KERNEL, description);
      if (sent != length) {
        throw new NetlinkProtocolException(
            "sendto on " + description + " sent " + sent + " of " + length + " bytes");
      }
      datagram.position(datagram.limit());
    } finally {
      if (scratch != null) {
        scratch.giveBack();
      }
      sendLock.unlock();
    }
  }

  /**
   * Waits for the next datagram from the kernel and returns a copy of it, whole, positioned at 0,
   * in native byte order.
   *
   * @throws KernelException if the kernel reports an error on the socket, for example {@code
   *     ENOBUFS} when messages were dropped because the receive buffer was full
   * @throws IllegalStateException if the socket is or becomes closed
   */
  @Override
  public ByteBuffer receive() {
    receiveLock.lock();
    NativeScratch scratch = NativeScratch.take();
    try {
      int capacity = NativeScratch.INITIAL_DATA_BYTES;
      while (true) {
        requireOpen();
        ByteBuffer buffer = scratch.data(capacity);
        ByteBuffer source = scratch.address();
        OptionalInt peeked =
            Syscalls.recvfrom(
                fd, buffer, buffer.capacity(), MSG_PEEK | MSG_TRUNC | MSG_DONTWAIT, source,
                description);
        if (peeked.isEmpty()) {
          awaitReadable(scratch.pollFds());
          continue;
        }
        int length = peeked.getAsInt();
        if (length > buffer.capacity()) {
          // Larger than the buffer: grow it and peek again, the datagram is still queued.
          capacity = Integer.highestOneBit(length) << 1;
          continue;
        }
        // Dequeue the datagram that was just peeked; its bytes are already in the buffer.
        Syscalls.recvfrom(fd, buffer, 0, MSG_DONTWAIT, source, description);
        if (source.getInt(NL_PID_OFFSET) != 0) {
          continue; // not from the kernel
        }
        ByteBuffer copy = ByteBuffer.allocate(length).order(ByteOrder.nativeOrder());
        copy.put(buffer.limit(length)).flip();
        return copy;
      }
    } finally {
      scratch.giveBack();
      receiveLock.unlock();
    }
  }

  private void awaitReadable(ByteBuffer pollFds) {
    pollFds.putInt(0, fd).putShort(4, Syscalls.POLLIN).putShort(6, (short) 0);
    pollFds.putInt(8, wakeFd).putShort(12, Syscalls.POLLIN).putShort(14, (short) 0);
    Syscalls.poll(pollFds, 2, -1, description);
  }

  @Override
  public int portId() {
    return portId;
  }

  @Override
  public int protocol() {
    return protocol;
  }

  /** Whether {@link #close()} has been called. */
  public boolean isClosed() {
    return closed.get();
  }

  /**
   * Closes the socket; idempotent. A thread blocked in {@link #receive()} is woken and fails.
   *
   * @throws KernelException if the kernel reports an error closing the descriptor
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    Syscalls.write(wakeFd, ONE, description);
    // Wait until no call is using the descriptors, so that their numbers are not reused
    // under a running call.
    receiveLock.lock();
    sendLock.lock();
    try {
      try {
        Syscalls.close(fd, description);
      } finally {
        Syscalls.close(wakeFd, description);
      }
    } finally {
      sendLock.unlock();
      receiveLock.unlock();
    }
  }

  @Override
  public String toString() {
    return description + (closed.get() ? " (closed)" : "");
  }

  private void requireOpen() {
    if (closed.get()) {
      throw new IllegalStateException(description + " is closed");
    }
  }

  private static ByteBuffer sockaddrNl(int pid) {
    ByteBuffer address =
        ByteBuffer.allocateDirect(NativeScratch.SOCKADDR_NL_SIZE).order(ByteOrder.nativeOrder());
    address.putShort(0, (short) AF_NETLINK).putInt(NL_PID_OFFSET, pid);
    return address;
  }

  private static void closeQuietly(int fd, String description, RuntimeException failure) {
    try {
      Syscalls.close(fd, description);
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
    }
  }
}
