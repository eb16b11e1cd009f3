package io.netmodel.core.ipam;

import io.netmodel.api.net.IpAddresses;
import io.netmodel.api.net.IpPrefix;
import io.netmodel.api.network.IpamConfig;
import java.math.BigInteger;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Iterator;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The allocatable addresses of one network's subnet: the range endpoints are allocated from
 * (the ip-range, else the subnet) and the addresses that are never handed out, each with the
 * reason. Addresses are handled as unsigned numbers so that a /64 costs no more than a /30.
 */
final class AddressPool {
  private final String network;
  private final IpamConfig config;
  private final IpPrefix range;
  private final BigInteger first;
  private final BigInteger last;
  // Address number -> why it is never allocated ("the gateway"); only those inside the range.
  private final NavigableMap<BigInteger, String> reserved = new TreeMap<>();

  AddressPool(String network, IpamConfig config) {
    this.network = network;
    this.config = config;
    this.range = config.ipRange().orElse(config.subnet());
    this.first = IpAddresses.toBigInteger(range.networkAddress());
    this.last = IpAddresses.toBigInteger(range.lastAddress());
    IpPrefix subnet = config.subnet();
    config
        .auxAddresses()
        .forEach((name, address) -> reserve(address, "reserved as aux-address " + name));
    reserve(config.effectiveGateway(), "the gateway");
    if (subnet.isIpv4()) {
      reserve(subnet.broadcastAddress(), "the broadcast address of subnet " + subnet);
    }
    reserve(subnet.networkAddress(), "the network address of subnet " + subnet);
  }

  private void reserve(InetAddress address, String reason) {
    BigInteger number = IpAddresses.toBigInteger(address);
    if (number.compareTo(first) >= 0 && number.compareTo(last) <= 0) {
      reserved.put(number, reason);
    }
  }

  /** The config the pool is made of. */
  IpamConfig config() {
    return config;
  }

  /** Whether the pool is IPv6. */
  boolean isIpv6() {
    return !config.isIpv4();
  }

  /** The pool as named in errors: {@code network web (172.18.0.0/30)}. */
  String describe() {
    return "network " + network + " (" + range + ")";
  }

  /** The address with the unsigned number {@code number}, of the pool's family. */
  InetAddress address(BigInteger number) {
    return IpAddresses.fromBigInteger(number, isIpv6());
  }

  /**
   * The number of a requested address, checked against everything but the allocations.
   *
   * @throws IllegalArgumentException quoting the address and the reason it cannot be allocated
   */
  BigInteger checkRequest(InetAddress address) {
    String text = IpAddresses.toString(address);
    IpPrefix subnet = config.subnet();
    String family = subnet.isIpv4() ? "IPv4" : "IPv6";
    if (IpAddresses.bitLength(address) != subnet.bitLength()) {
      throw refusal(text, "is not " + family + " like subnet " + subnet);
    }
    if (address instanceof Inet6Address) {
      Inet6Address v6 = (Inet6Address) address;
      if (v6.getScopeId() != 0 || v6.getScopedInterface() != null) {
        throw new IllegalArgumentException(
            "address " + text + " must not carry a scope (%zone) in network " + network);
      }
      if (isIpv4Mapped(v6.getAddress())) {
        // Its text would read back as IPv4, so it could not be persisted faithfully.
        throw new IllegalArgumentException(
            "address " + text + " is IPv4-mapped, never allocated in network " + network);
      }
    }
    if (!subnet.contains(address)) {
      throw refusal(text, "is outside subnet " + subnet);
    }
    if (config.ipRange().isPresent() && !range.contains(address)) {
      throw refusal(text, "is outside ip-range " + range);
    }
    BigInteger number = IpAddresses.toBigInteger(address);
    String reason = reserved.get(number);
    if (reason != null) {
      throw refusal(text, "is " + reason);
    }
    return number;
  }

  private IllegalArgumentException refusal(String address, String reason) {
    return new IllegalArgumentException(
        "address " + address + " " + reason + " of network " + network);
  }

  private static boolean isIpv4Mapped(byte[] bytes) {
    for (int i = 0; i < 10; i++) {
      if (bytes[i] != 0) {
        return false;
      }
    }
    return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
  }

  /**
   * The lowest address of the range that is neither reserved nor in {@code allocated} (address
   * numbers of the pool's family): walks the taken addresses in order up to the first gap, never
   * the free space.
   */
  Optional<BigInteger> firstFree(NavigableSet<BigInteger> allocated) {
    return firstFree(allocated, first);
  }

  /**
   * As {@link #firstFree(NavigableSet)}, for a caller that knows every address below {@code
   * from} to be allocated or reserved: the walk starts there (at the range's start if that is
   * later).
   */
  Optional<BigInteger> firstFree(NavigableSet<BigInteger> allocated, BigInteger from) {
    // A walk over the allocated numbers from the first candidate up to the first gap, without
    // copying them: an attach on a network of N endpoints costs no sorting of N numbers.
    BigInteger candidate = from.max(first);
    Iterator<BigInteger> walk = allocated.tailSet(candidate, true).iterator();
    BigInteger next = walk.hasNext() ? walk.next() : null;
    while (candidate.compareTo(last) <= 0) {
      while (next != null && next.compareTo(candidate) < 0) {
        next = walk.hasNext() ? walk.next() : null;
      }
      if (reserved.containsKey(candidate) || candidate.equals(next)) {
        candidate = candidate.add(BigInteger.ONE);
        continue;
      }
      return Optional.of(candidate);
    }
    return Optional.empty();
  }
}
