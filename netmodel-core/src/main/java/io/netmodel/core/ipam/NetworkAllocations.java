package io.netmodel.core.ipam;

import io.netmodel.api.net.IpAddresses;
import io.netmodel.api.network.IpamConfig;
import java.math.BigInteger;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The allocations of one network, address to owner, in both families. Persisted as one
 * property per allocation: the canonical address text ({@code 172.18.0.2}, {@code fd00::2})
 * mapped to the owner; an empty owner is a released address (a line {@link Ipam} appends on
 * release, until the file is next written whole). Besides the owners it keeps, changed with
 * them, the allocated numbers of each family and the size of the persisted form written whole,
 * so that an allocation on a network of N addresses neither sorts nor formats N addresses.
 * Not thread-safe: {@link Ipam} uses one per locked read-modify-write.
 */
final class NetworkAllocations {
  /** IPv4 before IPv6, then by numeric address (the bytes, unsigned, compare as the numbers). */
  static final Comparator<InetAddress> ORDER =
      Comparator.<InetAddress>comparingInt(IpAddresses::bitLength)
          .thenComparing(InetAddress::getAddress, Arrays::compareUnsigned);

  private final NavigableMap<InetAddress, String> owners = new TreeMap<>(ORDER);
  private final NavigableSet<BigInteger> ipv4Numbers = new TreeSet<>();
  private final NavigableSet<BigInteger> ipv6Numbers = new TreeSet<>();
  private long persistedBytes;
  /**
   * Per pool (its config): every address of the pool below this number is allocated or
   * reserved, as the last first-free walk found; a release below it lowers it. Where the next
   * walk starts, so that allocating on a full network does not walk every address again.
   */
  private final Map<IpamConfig, BigInteger> freeFrom = new HashMap<>();

  private NetworkAllocations() {}

  /** No allocations. */
  static NetworkAllocations empty() {
    return new NetworkAllocations();
  }

  /**
   * Reads the persisted form.
   *
   * @throws IllegalStateException naming the network and the bad entry when a property key is
   *     not an address
   */
  static NetworkAllocations fromProperties(String network, Map<String, String> properties) {
    NetworkAllocations allocations = new NetworkAllocations();
    properties.forEach(
        (key, owner) -> {
          InetAddress address;
          try {
            address = IpAddresses.parse(key);
          } catch (IllegalArgumentException e) {
            throw new IllegalStateException(
                "corrupt IPAM state of network " + network + ": not an address: \"" + key + "\"",
                e);
          }
          if (!owner.isEmpty()) {
            allocations.put(address, owner);
          }
        });
    return allocations;
  }

  /** The persisted form written whole: canonical address text to owner, sorted by text. */
  SortedMap<String, String> toProperties() {
    SortedMap<String, String> text = new TreeMap<>();
    owners.forEach((address, owner) -> text.put(IpAddresses.toString(address), owner));
    return text;
  }

  boolean isEmpty() {
    return owners.isEmpty();
  }

  /** Who holds {@code address}; empty when it is free. */
  Optional<String> owner(InetAddress address) {
    return Optional.ofNullable(owners.get(address));
  }

  void put(InetAddress address, String owner) {
    String previous = owners.put(address, owner);
    numbersOf(address).add(IpAddresses.toBigInteger(address));
    String key = IpAddresses.toString(address);
    persistedBytes += lineBytes(key, owner) - (previous == null ? 0 : lineBytes(key, previous));
  }

  /**
   * Where a first-free walk of the pool made of {@code config} may start: every address below
   * it is allocated or reserved ({@code first}, the pool's start, when nothing is known).
   */
  BigInteger freeFrom(IpamConfig config, BigInteger first) {
    return freeFrom.getOrDefault(config, first);
  }

  /** Records that a first-free walk of the pool made of {@code config} allocated {@code number}. */
  void allocatedFirstFree(IpamConfig config, BigInteger number) {
    freeFrom.put(config, number.add(BigInteger.ONE));
  }

  /** Frees {@code address}; false when it was not allocated. */
  boolean remove(InetAddress address) {
    String previous = owners.remove(address);
    if (previous == null) {
      return false;
    }
    BigInteger number = IpAddresses.toBigInteger(address);
    boolean ipv6 = IpAddresses.bitLength(address) == 128;
    freeFrom.replaceAll(
        (config, from) -> config.isIpv4() != ipv6 && number.compareTo(from) < 0 ? number : from);
    numbersOf(address).remove(number);
    persistedBytes -= lineBytes(IpAddresses.toString(address), previous);
    return true;
  }

  private static long lineBytes(String key, String owner) {
    return key.length() + 1 + owner.length() + 1;
  }

  /** Frees every address {@code owner} holds; returns them. */
  List<InetAddress> removeOwner(String owner) {
    List<InetAddress> held = new ArrayList<>();
    owners.forEach(
        (address, holder) -> {
          if (holder.equals(owner)) {
            held.add(address);
          }
        });
    held.forEach(this::remove);
    return held;
  }

  /** About how many bytes the persisted form takes written whole (escapes not counted). */
  long persistedBytes() {
    return persistedBytes;
  }

  /**
   * The allocated addresses of one family, as unsigned numbers in ascending order; unmodifiable,
   * and changed by later changes.
   */
  NavigableSet<BigInteger> numbers(boolean ipv6) {
    return Collections.unmodifiableNavigableSet(ipv6 ? ipv6Numbers : ipv4Numbers);
  }

  private NavigableSet<BigInteger> numbersOf(InetAddress address) {
    return IpAddresses.bitLength(address) == 128 ? ipv6Numbers : ipv4Numbers;
  }

  /** Address to owner, IPv4 first then by numeric address; unmodifiable. */
  Map<InetAddress, String> asMap() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(owners));
  }
}
