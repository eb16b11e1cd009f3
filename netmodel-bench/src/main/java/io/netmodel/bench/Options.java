package io.netmodel.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The command line of {@link Bench}: {@code --n 50,200,1000 --peer-n 50,200 --floor-n
 * 50,200,1000 --peers ip,ip-batch,cni --jit-warmup 40000 --warmup 4000 --profile --tmp DIR}.
 *
 * @param sizes how many sandboxes netmodel attaches at once, each size a run of its own
 * @param peerSizes the sizes at which the peers run too (a subset of {@code sizes})
 * @param floorSizes the sizes at which the C floor runs too (a subset of {@code sizes})
 * @param peers which peers run, in order
 * @param jitWarmup the most sandboxes netmodel attaches and removes before the first size until
 *     the JIT compiler is quiet ({@link JitWarmup}); 0 for none
 * @param warmup sandboxes netmodel attaches and removes before each size, not counted
 * @param profile whether netmodel's runs time each kernel-port call
 * @param tmp where the throwaway directory is made
 * @param help whether only the usage is asked for
 */
record Options(
    List<Integer> sizes,
    List<Integer> peerSizes,
    List<Integer> floorSizes,
    List<String> peers,
    int jitWarmup,
    int warmup,
    boolean profile,
    Optional<Path> tmp,
    boolean help) {
  /** A bridge refuses its 1024th port. */
  static final int MAX_SIZE = 1023;
  /**
   * netmodel's warm-up sandboxes per size by default: a fresh host namespace's bridge and the
   * kernel's caches, and, with {@code --jit-warmup 0}, most of the JIT compiler's work (N = 200
   * attaches cost 3.9, 2.4 and 1.9 ms after 500, 2000 and 4000 here; see {@link JitWarmup} for
   * the rest).
   */
  static final int DEFAULT_WARMUP = 4000;
  /**
   * The JIT warm-up's most sandboxes by default: about twice what the compiler took to fall quiet
   * in the runs here (16 000-22 500).
   */
  static final int DEFAULT_JIT_WARMUP = 40_000;
  static final int MAX_WARMUP = 100_000;

  static final List<String> ALL_PEERS = List.of("ip", "ip-batch", "cni");

  static final String USAGE =
      String.join(
          "\n",
          "Usage: netmodel bench [--n 50,200,1000] [--peer-n 50,200]",
          "                      [--floor-n 50,200,1000|none]",
          "                      [--peers ip,ip-batch,cni|none] [--jit-warmup 40000]",
          "                      [--warmup 4000] [--profile] [--tmp DIR]",
          "   (or: java -jar netmodel-bench/target/netmodel-bench.jar with the same options)",
          "  --n        sandboxes on one bridge network, one run per size (1.." + MAX_SIZE + ")",
          "  --peer-n   the sizes (among --n) at which ip, ip -batch and CNI run too",
          "  --floor-n  the sizes (among --n) at which the C floor (floor.c, cc -O2) runs too",
          "             (default every --n; none for none)",
          "  --peers    which peers run (default all: ip, ip-batch, cni; none for none)",
          "  --jit-warmup",
          "             before the first size, netmodel attaches and removes sandboxes in rounds",
          "             of 250 until the JIT compiler is quiet (8 rounds in a row in which it",
          "             works at most 1 % of the time), at most this many (default 40000; 0 for",
          "             none)",
          "  --warmup   sandboxes netmodel attaches and removes before each size, in rounds of",
          "             at most 250, not counted (default 4000; the C floor warms up with at most",
          "             250)",
          "  --profile  time each kernel-port call of netmodel's attach and remove",
          "  --tmp      where the throwaway directory (state, namespace files) goes"
              + " (default /dev/shm, else java.io.tmpdir)",
          "Runs as root; makes and deletes its own host namespaces, never touches the machine's"
              + " interfaces.");

  Options {
    sizes = List.copyOf(sizes);
    peerSizes = List.copyOf(peerSizes);
    floorSizes = List.copyOf(floorSizes);
    peers = List.copyOf(peers);
    if (sizes.isEmpty()) {
      throw new IllegalArgumentException("--n needs at least one size");
    }
    for (int size : sizes) {
      checkSize("--n", size);
    }
    for (int size : peerSizes) {
      if (!sizes.contains(size)) {
        throw new IllegalArgumentException(
            "--peer-n must be among --n " + join(sizes) + ": " + size);
      }
    }
    for (int size : floorSizes) {
      if (!sizes.contains(size)) {
        throw new IllegalArgumentException(
            "--floor-n must be among --n " + join(sizes) + ": " + size);
      }
    }
    for (String peer : peers) {
      if (!ALL_PEERS.contains(peer)) {
        throw new IllegalArgumentException(
            "--peers must be among " + String.join(",", ALL_PEERS) + " or none: " + peer);
      }
    }
    if (jitWarmup < 0 || jitWarmup > MAX_WARMUP) {
      throw new IllegalArgumentException(
          "--jit-warmup out of range 0.." + MAX_WARMUP + ": " + jitWarmup);
    }
    if (warmup < 0 || warmup > MAX_WARMUP) {
      throw new IllegalArgumentException("--warmup out of range 0.." + MAX_WARMUP + ": " + warmup);
    }
  }

  /**
   * The defaults: N = 50, 200, 1000; peers at 50 and 200; the floor at every size; every
   * peer; a JIT warm-up of at most {@link #DEFAULT_JIT_WARMUP} sandboxes, {@link #DEFAULT_WARMUP}
   * warm-up sandboxes per size.
   */
  static Options defaults() {
    return new Options(
        List.of(50, 200, 1000),
        List.of(50, 200),
        List.of(50, 200, 1000),
        ALL_PEERS,
        DEFAULT_JIT_WARMUP,
        DEFAULT_WARMUP,
        false,
        Optional.empty(),
        false);
  }

  /**
   * Reads the command line.
   *
   * @throws IllegalArgumentException quoting the bad argument and the rule it breaks
   */
  static Options parse(String... args) {
    Options o = defaults();
    List<Integer> sizes = o.sizes();
    Optional<List<Integer>> peerSizes = Optional.empty();
    Optional<List<Integer>> floorSizes = Optional.empty();
    List<String> peers = o.peers();
    int jitWarmup = o.jitWarmup();
    int warmup = o.warmup();
    boolean profile = false;
    Optional<Path> tmp = Optional.empty();
    boolean help = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--n" -> sizes = sizes("--n", value(args, ++i, arg));
        case "--peer-n" -> peerSizes = Optional.of(sizes("--peer-n", value(args, ++i, arg)));
        case "--floor-n" -> floorSizes = Optional.of(floorSizes(value(args, ++i, arg)));
        case "--peers" -> peers = peers(value(args, ++i, arg));
        case "--jit-warmup" -> jitWarmup = number("--jit-warmup", value(args, ++i, arg));
        case "--warmup" -> warmup = number("--warmup", value(args, ++i, arg));
        case "--profile" -> profile = true;
        case "--tmp" -> tmp = Optional.of(Path.of(value(args, ++i, arg)));
        case "--help", "-h" -> help = true;
        default -> throw new IllegalArgumentException("unknown argument: " + arg);
      }
    }
    List<Integer> chosenSizes = sizes;
    // By default the peers run at the default peer sizes that this run has.
    List<Integer> chosenPeerSizes =
        peerSizes.orElseGet(
            () -> o.peerSizes().stream().filter(chosenSizes::contains).toList());
    // By default the floor runs at every size.
    return new Options(
        chosenSizes,
        chosenPeerSizes,
        floorSizes.orElse(chosenSizes),
        peers,
        jitWarmup,
        warmup,
        profile,
        tmp,
        help);
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }

  private static List<Integer> sizes(String option, String text) {
    Set<Integer> sizes = new LinkedHashSet<>();
    for (String part : text.split(",", -1)) {
      sizes.add(checkSize(option, number(option, part.strip())));
    }
    return new ArrayList<>(sizes);
  }

  private static List<Integer> floorSizes(String text) {
    return text.equals("none") ? List.of() : sizes("--floor-n", text);
  }

  private static List<String> peers(String text) {
    if (text.equals("none")) {
      return List.of();
    }
    Set<String> peers = new LinkedHashSet<>();
    for (String part : text.split(",", -1)) {
      peers.add(part.strip());
    }
    return new ArrayList<>(peers);
  }

  private static int number(String option, String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " must be a whole number: " + text, e);
    }
  }

  private static int checkSize(String option, int size) {
    if (size < 1 || size > MAX_SIZE) {
      throw new IllegalArgumentException(
          option + " out of range 1.." + MAX_SIZE + " (a bridge takes at most " + MAX_SIZE
              + " ports): " + size);
    }
    return size;
  }

  private static String join(List<Integer> sizes) {
    return String.join(",", sizes.stream().map(String::valueOf).toList());
  }
}
