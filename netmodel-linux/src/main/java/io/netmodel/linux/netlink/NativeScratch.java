package io.netmodel.linux.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Native memory for one socket call at a time, lent out and given back, shared by every {@link
 * NetlinkSocket}.
 *
 * <p>Why not one set of buffers per socket: a new direct buffer is new native memory, and the first
 * touch of each fresh page costs a page fault. On a virtual machine that is expensive (14 us per 4
 * KiB page measured on the benchmark's VM, so about 0.25 ms for one 64 KiB receive buffer), and a
 * socket is opened for every new namespace, where the C floor opens its socket in 0.01 ms. Buffers
 * that go back to a small pool after each call are touched once and then reused by every socket.
 *
 * <p>Thread-safe. A borrower owns what it took until it gives it back; at most {@link #MAX_SPARE}
 * sets are kept, the rest are left to the garbage collector.
 */
final class NativeScratch {
  /** The data buffer to start with: the kernel's dump chunks stay below 32 KiB. */
  static final int INITIAL_DATA_BYTES = 64 * 1024;

  /** A data buffer grown past this for one large datagram is not kept. */
  static final int MAX_KEPT_DATA_BYTES = 1 << 20;

  /** How many idle sets are kept at most: more than the threads that talk netlink at once. */
  static final int MAX_SPARE = 16;

  // linux/netlink.h: struct sockaddr_nl is 12 bytes; struct pollfd (poll.h) is 8, two of them.
  static final int SOCKADDR_NL_SIZE = 12;
  private static final int POLLFDS_SIZE = 16;

  private static final ReentrantLock LOCK = new ReentrantLock();
  private static final ArrayDeque<NativeScratch> SPARE = new ArrayDeque<>(); // guarded by LOCK

  private ByteBuffer data;
  private final ByteBuffer address;
  private final ByteBuffer pollFds;

  private NativeScratch() {
    this.data = ByteBuffer.allocateDirect(INITIAL_DATA_BYTES);
    this.address = ByteBuffer.allocateDirect(SOCKADDR_NL_SIZE).order(ByteOrder.nativeOrder());
    this.pollFds = ByteBuffer.allocateDirect(POLLFDS_SIZE).order(ByteOrder.nativeOrder());
  }

  /** A set of buffers for the caller alone, the most recently returned one if any is spare. */
  static NativeScratch take() {
    LOCK.lock();
    try {
      NativeScratch spare = SPARE.pollFirst();
      if (spare != null) {
        return spare;
      }
    } finally {
      LOCK.unlock();
    }
    return new NativeScratch();
  }

  /** Gives back a set taken with {@link #take}; the caller must not use it afterwards. */
  void giveBack() {
    if (data.capacity() > MAX_KEPT_DATA_BYTES) {
      return;
    }
    LOCK.lock();
    try {
      if (SPARE.size() < MAX_SPARE) {
        SPARE.addFirst(this);
      }
    } finally {
      LOCK.unlock();
    }
  }

  /** The data buffer, at least {@code capacity} bytes, cleared; grown (contents lost) if needed. */
  ByteBuffer data(int capacity) {
    if (data.capacity() < capacity) {
      data = ByteBuffer.allocateDirect(Math.max(capacity, 2 * data.capacity()));
    }
    return data.clear();
  }

  /** A {@code struct sockaddr_nl}, cleared (native byte order). */
  ByteBuffer address() {
    return address.clear();
  }

  /** Room for two {@code struct pollfd}, cleared (native byte order). */
  ByteBuffer pollFds() {
    return pollFds.clear();
  }

  /** How many idle sets the pool holds now (for tests). */
  static int spare() {
    LOCK.lock();
    try {
      return SPARE.size();
    } finally {
      LOCK.unlock();
    }
  }
}
