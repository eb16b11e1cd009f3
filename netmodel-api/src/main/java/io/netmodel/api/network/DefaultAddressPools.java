package io.netmodel.api.network;

import io.netmodel.api.net.IpAddresses;
import io.netmodel.api.net.IpPrefix;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where subnets come from for networks created without {@code --subnet}: Docker's default
 * address pools (moby's {@code libnetwork/ipamutils}). {@link #local()} is 172.17.0.0/16
 * through 172.31.0.0/16 as /16s, then 192.168.0.0/16 cut into /20s (31 subnets); {@link
 * #global()}, for overlay networks, is 10.0.0.0/8 cut into /24s (65536 subnets).
 *
 * <pre>{@code
 * Optional<IpPrefix> subnet =
 *     DefaultAddressPools.local().firstFree(List.of(IpPrefix.parse("172.17.0.0/16")));
 * // 172.18.0.0/16
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param pools the pools, searched in order
 */
public record DefaultAddressPools(List<Pool> pools) {

  /**
   * A base prefix cut into subnets of one length, Docker's {@code --default-address-pool
   * base=...,size=...}.
   *
   * @param base the prefix to cut, without host bits
   * @param size the prefix length of each subnet, from the base's length to the family's width
   */
  public record Pool(IpPrefix base, int size) {
    public Pool {
      Objects.requireNonNull(base, "base");
      if (!base.isNetwork()) {
        throw new IllegalArgumentException(
            "pool base must have no host bits (did you mean " + base.network() + "?): " + base);
      }
      if (size < base.length() || size > base.bitLength()) {
        throw new IllegalArgumentException(
            "pool subnet size out of range "
                + base.length()
                + ".."
                + base.bitLength()
                + " for base "
                + base
                + ": "
                + size);
      }
    }

    /** How many subnets the pool holds. */
    public BigInteger count() {
      return BigInteger.ONE.shiftLeft(size - base.length());
    }

    /**
     * The {@code n}-th subnet of the pool, counting from 0.
     *
     * @throws IllegalArgumentException when {@code n} is negative or not below {@link #count()}
     */
    public IpPrefix subnet(BigInteger n) {
      if (n.signum() < 0 || n.compareTo(count()) >= 0) {
        throw new IllegalArgumentException(
            "subnet index out of range 0.." + count().subtract(BigInteger.ONE) + ": " + n);
      }
      BigInteger offset = n.shiftLeft(base.bitLength() - size);
      return IpPrefix.of(
          IpAddresses.fromBigInteger(
              IpAddresses.toBigInteger(base.address()).add(offset), !base.isIpv4()),
          size);
    }

    /** The pool's subnets, in address order, produced lazily. */
    public Stream<IpPrefix> subnets() {
      BigInteger count = count();
      return Stream.iterate(BigInteger.ZERO, n -> n.compareTo(count) < 0, n -> n.add(BigInteger.ONE))
          .map(this::subnet);
    }
  }

  private static final DefaultAddressPools LOCAL = buildLocal();
  private static final DefaultAddressPools GLOBAL =
      new DefaultAddressPools(List.of(new Pool(IpPrefix.parse("10.0.0.0/8"), 24)));

  public DefaultAddressPools {
    pools = List.copyOf(pools);
  }

  private static DefaultAddressPools buildLocal() {
    List<Pool> pools = new ArrayList<>();
    for (int second = 17; second <= 31; second++) {
      pools.add(new Pool(IpPrefix.parse("172." + second + ".0.0/16"), 16));
    }
    pools.add(new Pool(IpPrefix.parse("192.168.0.0/16"), 20));
    return new DefaultAddressPools(pools);
  }

  /** Docker's local-scope pools, for bridge, macvlan and ipvlan networks. */
  public static DefaultAddressPools local() {
    return LOCAL;
  }

  /** Docker's global-scope pools, for overlay networks. */
  public static DefaultAddressPools global() {
    return GLOBAL;
  }

  /** Pools of one's own, like the daemon's {@code --default-address-pool}. */
  public static DefaultAddressPools of(List<Pool> pools) {
    return new DefaultAddressPools(pools);
  }

  /** Every candidate subnet, pool after pool, in order; produced lazily. */
  public Stream<IpPrefix> candidates() {
    return pools.stream().flatMap(Pool::subnets);
  }

  /**
   * The first candidate that overlaps none of {@code taken}. {@code taken} may hold subnets of
   * networks and addresses of host interfaces with their host bits ({@code 192.168.1.5/24}).
   */
  public Optional<IpPrefix> firstFree(Collection<IpPrefix> taken) {
    List<IpPrefix> used = List.copyOf(taken);
    return candidates().filter(c -> used.stream().noneMatch(c::overlaps)).findFirst();
  }
}
