package io.netmodel.linux.nft;

import io.netmodel.api.KernelException;
import io.netmodel.linux.netlink.MessageWriter;
import io.netmodel.linux.netlink.Netlink;
import io.netmodel.linux.netlink.NetlinkAck;
import io.netmodel.linux.netlink.NetlinkMessage;
import io.netmodel.linux.netlink.NetlinkProtocolException;
import io.netmodel.linux.netlink.NetlinkSocket;
import io.netmodel.linux.netlink.NetlinkTransport;
import io.netmodel.linux.sys.Errnos;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An nf_tables client over one {@code NETLINK_NETFILTER} socket: applies {@linkplain NftBatch
 * batches} as atomic transactions and reads tables, chains, rules and sets back.
 *
 * <pre>{@code
 * // Opened inside the namespace whose firewall it manages, then used from any thread.
 * try (NftClient nft = namespace.call(NftClient::open)) {
 *   NftClient.Applied applied = nft.apply(NftBatch.builder()
 *       .addTable(NftFamily.IP, "netmodel")
 *       .addBaseChain(NftFamily.IP, "netmodel", "postrouting",
 *           ChainHook.of(NftChainType.NAT, NftHook.POSTROUTING, 100))
 *       .appendRule(NftFamily.IP, "netmodel", "postrouting", List.of(NftMatch.masquerade()))
 *       .build());
 *   long ruleHandle = applied.handle(2).orElseThrow();
 *   List<NftRule> rules = nft.rules(NftFamily.IP, "netmodel", "postrouting");
 * }
 * }</pre>
 *
 * <p>A batch goes to the kernel as one datagram; the kernel applies all of it or, when a command
 * fails, none of it, and answers every command. A second request ({@code NFT_MSG_GETGEN}) follows
 * it, so that its answer, which comes after every answer to the batch, marks the end of them
 * and reports the ruleset's new generation. Additions ask for an echo, which carries the handle
 * the kernel gave the new table, chain, rule or set. A failed command becomes a {@link
 * KernelException} naming its message ({@code NFT_MSG_NEWRULE}), the object, the errno and the
 * kernel's extended-ack message.
 *
 * <p>Thread-safe: exchanges are serialized by a lock. {@link #close()} closes the socket.
 */
public final class NftClient implements AutoCloseable {
  /** How many times a dump is read before giving up when the kernel keeps interrupting it. */
  public static final int MAX_DUMP_ATTEMPTS = 10;

  private static final Logger log = LoggerFactory.getLogger(NftClient.class);
  private static final int EINTR = 4;
  private static final int ENOENT = 2;

  private final NetlinkTransport transport;
  private final ReentrantLock lock = new ReentrantLock();
  private final MessageWriter writer = new MessageWriter(16 * 1024);
  private int nextSeq = 1;

  private NftClient(NetlinkTransport transport) {
    this.transport = Objects.requireNonNull(transport, "transport");
  }

  /**
   * A client over a new {@code NETLINK_NETFILTER} socket in the calling thread's network
   * namespace.
   *
   * @throws KernelException if the kernel refuses the socket
   */
  public static NftClient open() {
    return new NftClient(NetlinkSocket.open(Netlink.NETLINK_NETFILTER));
  }

  /**
   * A client over {@code transport}, a {@code NETLINK_NETFILTER} socket, which it owns and closes.
   *
   * @throws IllegalArgumentException if the transport is of another protocol
   */
  public static NftClient over(NetlinkTransport transport) {
    if (transport.protocol() != Netlink.NETLINK_NETFILTER) {
      throw new IllegalArgumentException(
          "nf_tables needs a NETLINK_NETFILTER (12) socket: protocol " + transport.protocol());
    }
    return new NftClient(transport);
  }

  /**
   * What a batch did: the ruleset's generation after it, and for each command (by index) the
   * handle of what it added, when the kernel echoed one (tables, chains, rules and sets that were
   * new; nothing for deletions, set elements, or a table or chain that existed already).
   */
  public record Applied(long generation, List<OptionalLong> handles) {
    public Applied {
      handles = List.copyOf(handles);
    }

    /** The handle of what command {@code index} of the batch added. */
    public OptionalLong handle(int index) {
      return handles.get(index);
    }
  }

  /**
   * Applies {@code batch} as one transaction: every command or none.
   *
   * @return the generation and the handles of what was added
   * @throws KernelException the first command the kernel refused (a {@link
   *     io.netmodel.api.PermissionDeniedException} for EPERM), with any later refusals {@linkplain
   *     Throwable#getSuppressed() suppressed}; nothing of the batch was applied
   * @throws NetlinkProtocolException if the kernel's answers are malformed or incomplete
   */
  public Applied apply(NftBatch batch) {
    Objects.requireNonNull(batch, "batch");
    List<NftCommand> commands = batch.commands();
    int n = commands.size();
    lock.lock();
    try {
      int first = takeSeqs(n + 3);
      int genSeq = first + n + 2;
      writer.reset();
      NftEncoder.writeBatch(writer, batch, first);
      transport.send(writer.datagram());
      writer.reset();
      writer.begin(NfNetlink.nftablesType(NfTables.NFT_MSG_GETGEN),
          Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK, genSeq, 0);
      NftEncoder.nfgenmsg(writer, Netfilter.NFPROTO_UNSPEC, 0);
      writer.end();
      transport.send(writer.datagram());

      // Index 0 is the batch's begin, 1..n its commands, n + 1 its end.
      NetlinkAck.Error[] errors = new NetlinkAck.Error[n + 2];
      boolean[] acked = new boolean[n + 2];
      OptionalLong[] handles = new OptionalLong[n];
      Arrays.fill(handles, OptionalLong.empty());
      long generation = -1;
      NetlinkAck.Error genError = null;
      boolean done = false;
      while (!done) {
        for (NetlinkMessage m : NetlinkMessage.parseDatagram(transport.receive())) {
          if (m.seq() == genSeq) {
            if (m.type() == Netlink.NLMSG_ERROR) {
              genError = NetlinkAck.parse(m).orElse(null);
              done = true;
            } else if (m.type() == NfNetlink.nftablesType(NfTables.NFT_MSG_NEWGEN)) {
              generation = NftDecoder.generation(m).orElse(-1);
            }
            continue;
          }
          int index = m.seq() - first;
          if (index < 0 || index > n + 1) {
            continue; // left over from an abandoned exchange
          }
          if (m.type() == Netlink.NLMSG_ERROR) {
            acked[index] = true;
            errors[index] = NetlinkAck.parse(m).orElse(null);
          } else if (index >= 1 && index <= n && NfNetlink.subsystemOf(m.type())
              == NfNetlink.NFNL_SUBSYS_NFTABLES) {
            OptionalLong handle = NftDecoder.handleOf(m);
            if (handle.isPresent()) {
              handles[index - 1] = handle;
            }
          }
        }
      }
      KernelException failure = null;
      for (int i = 0; i < n + 2; i++) {
        if (errors[i] == null) {
          continue;
        }
        KernelException e = errors[i].exception(operationOf(commands, i), objectOf(commands, i));
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
      if (failure != null) {
        throw failure;
      }
      if (genError != null) {
        throw genError.exception("NFT_MSG_GETGEN", "after a batch of " + n + " commands");
      }
      int answered = 0;
      for (int i = 1; i <= n; i++) {
        answered += acked[i] ? 1 : 0;
      }
      if (answered != n) {
        throw new NetlinkProtocolException(
            "the kernel answered " + answered + " of the " + n + " commands of an nf_tables batch"
                + " (first: " + commands.get(0).operation() + " " + commands.get(0).object()
                + ")");
      }
      log.debug("applied an nf_tables batch of {} commands, generation {}", n, generation);
      return new Applied(generation, List.of(handles));
    } finally {
      lock.unlock();
    }
  }

  /**
   * The tables of {@code family}.
   *
   * @throws KernelException if the kernel refuses the dump
   */
  public List<NftTable> tables(NftFamily family) {
    return map(dump("NFT_MSG_GETTABLE", family.toString(), NfTables.NFT_MSG_GETTABLE, family,
        w -> {}), NftDecoder::table);
  }

  /**
   * Table {@code name} of {@code family}, looked up by name; empty when there is none.
   *
   * @throws KernelException if the kernel refuses the request for another reason than ENOENT
   */
  public Optional<NftTable> table(NftFamily family, String name) {
    NftNames.check("table", name);
    lock.lock();
    try {
      int seq = takeSeqs(1);
      writer.reset();
      writer.begin(NfNetlink.nftablesType(NfTables.NFT_MSG_GETTABLE),
          Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK, seq, 0);
      NftEncoder.nfgenmsg(writer, family.nfproto(), 0);
      writer.attrString(NfTables.NFTA_TABLE_NAME, name);
      writer.end();
      transport.send(writer.datagram());
      NftTable found = null;
      while (true) {
        for (NetlinkMessage m : NetlinkMessage.parseDatagram(transport.receive())) {
          if (m.seq() != seq) {
            continue;
          }
          if (m.type() == Netlink.NLMSG_ERROR) {
            Optional<NetlinkAck.Error> error = NetlinkAck.parse(m);
            if (error.isEmpty()) {
              return Optional.ofNullable(found);
            }
            if (error.get().errno() == ENOENT) {
              return Optional.empty();
            }
            throw error.get().exception("NFT_MSG_GETTABLE", "table " + family + " " + name);
          }
          if (m.type() == NfNetlink.nftablesType(NfTables.NFT_MSG_NEWTABLE)) {
            found = NftDecoder.table(m);
          }
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * The chains of table {@code table} of {@code family}, empty when there is no such table.
   *
   * @throws KernelException if the kernel refuses the dump
   */
  public List<NftChain> chains(NftFamily family, String table) {
    NftNames.check("table", table);
    List<NftChain> out = new ArrayList<>();
    for (NftChain c : map(dump("NFT_MSG_GETCHAIN", family + " " + table,
        NfTables.NFT_MSG_GETCHAIN, family, w -> {}), NftDecoder::chain)) {
      if (c.table().equals(table)) {
        out.add(c);
      }
    }
    return List.copyOf(out);
  }

  /**
   * The rules of every chain of table {@code table}, chain by chain in the kernel's order.
   *
   * @throws KernelException if the kernel refuses the dump ({@code ENOENT} when there is no such
   *     table)
   */
  public List<NftRule> rules(NftFamily family, String table) {
    NftNames.check("table", table);
    return map(dump("NFT_MSG_GETRULE", "table " + family + " " + table,
        NfTables.NFT_MSG_GETRULE, family,
        w -> w.attrString(NfTables.NFTA_RULE_TABLE, table)), NftDecoder::rule);
  }

  /**
   * The rules of chain {@code chain}, in order.
   *
   * @throws KernelException if the kernel refuses the dump ({@code ENOENT} when there is no such
   *     table or chain)
   */
  public List<NftRule> rules(NftFamily family, String table, String chain) {
    NftNames.check("table", table);
    NftNames.check("chain", chain);
    return map(dump("NFT_MSG_GETRULE", "chain " + family + " " + table + " " + chain,
        NfTables.NFT_MSG_GETRULE, family, w -> {
          w.attrString(NfTables.NFTA_RULE_TABLE, table);
          w.attrString(NfTables.NFTA_RULE_CHAIN, chain);
        }), NftDecoder::rule);
  }

  /**
   * The named sets of table {@code table}, empty when there is no such table.
   *
   * @throws KernelException if the kernel refuses the dump
   */
  public List<NftSet> sets(NftFamily family, String table) {
    NftNames.check("table", table);
    try {
      return map(dump("NFT_MSG_GETSET", "table " + family + " " + table,
          NfTables.NFT_MSG_GETSET, family,
          w -> w.attrString(NfTables.NFTA_SET_TABLE, table)), NftDecoder::set);
    } catch (KernelException e) {
      if (e.errno() == ENOENT) {
        return List.of();
      }
      throw e;
    }
  }

  /** The port id of the socket. */
  public int portId() {
    return transport.portId();
  }

  /** Closes the socket; idempotent. */
  @Override
  public void close() {
    transport.close();
  }

  @Override
  public String toString() {
    return "NftClient(" + transport + ")";
  }

  private static <T> List<T> map(List<NetlinkMessage> messages, Function<NetlinkMessage, T> f) {
    List<T> out = new ArrayList<>(messages.size());
    for (NetlinkMessage m : messages) {
      out.add(f.apply(m));
    }
    return List.copyOf(out);
  }

  private List<NetlinkMessage> dump(
      String operation, String object, int message, NftFamily family,
      Consumer<MessageWriter> attributes) {
    lock.lock();
    try {
      for (int attempt = 1; attempt <= MAX_DUMP_ATTEMPTS; attempt++) {
        int seq = takeSeqs(1);
        writer.reset();
        writer.begin(NfNetlink.nftablesType(message),
            Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK | Netlink.NLM_F_DUMP, seq, 0);
        NftEncoder.nfgenmsg(writer, family.nfproto(), 0);
        attributes.accept(writer);
        writer.end();
        transport.send(writer.datagram());
        List<NetlinkMessage> parts = new ArrayList<>();
        boolean interrupted = false;
        boolean done = false;
        while (!done) {
          for (NetlinkMessage m : NetlinkMessage.parseDatagram(transport.receive())) {
            if (m.seq() != seq || done) {
              continue;
            }
            interrupted |= (m.flags() & Netlink.NLM_F_DUMP_INTR) != 0;
            if (m.type() == Netlink.NLMSG_ERROR) {
              Optional<NetlinkAck.Error> error = NetlinkAck.parse(m);
              if (error.isPresent()) {
                throw error.get().exception(operation, object);
              }
              done = true;
            } else if (m.type() == Netlink.NLMSG_DONE) {
              Optional<NetlinkAck.Error> error = NetlinkAck.parseDone(m);
              if (error.isPresent()) {
                throw error.get().exception(operation, object);
              }
              done = true;
            } else if (m.type() != Netlink.NLMSG_NOOP) {
              parts.add(m);
            }
          }
        }
        if (!interrupted) {
          return parts;
        }
        log.debug("{} dump interrupted, reading it again (attempt {})", operation, attempt);
      }
      throw Errnos.exception(operation, object, EINTR,
          "dump interrupted " + MAX_DUMP_ATTEMPTS + " times in a row");
    } finally {
      lock.unlock();
    }
  }

  private static String operationOf(List<NftCommand> commands, int index) {
    if (index == 0) {
      return "NFNL_MSG_BATCH_BEGIN";
    }
    if (index == commands.size() + 1) {
      return "NFNL_MSG_BATCH_END";
    }
    return commands.get(index - 1).operation();
  }

  private static String objectOf(List<NftCommand> commands, int index) {
    if (index == 0 || index == commands.size() + 1) {
      return "nf_tables batch of " + commands.size() + " commands";
    }
    return commands.get(index - 1).object();
  }

  /** The first of {@code count} consecutive sequence numbers, all above 0. */
  private int takeSeqs(int count) {
    if (nextSeq > Integer.MAX_VALUE - count) {
      nextSeq = 1; // 0 is what notifications carry
    }
    int first = nextSeq;
    nextSeq += count;
    return first;
  }
}
