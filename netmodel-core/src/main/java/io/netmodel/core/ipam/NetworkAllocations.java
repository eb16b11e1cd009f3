package io.netmodel.core.ipam;

import io.netmodel.api.net.IpAddresses;
import java.math.BigInteger;
import java.net.InetAddress;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The allocations of one network, address to owner, in both families. Persisted as one
 * property per allocation: the canonical address text ({@code 172.18.0.2}, {@code fd00::2})
 * mapped to the owner. Not thread-safe: {@link Ipam} uses one per locked read-modify-write.
 */
final class NetworkAllocations {
  /** IPv4 before IPv6, then by numeric address. */
  static final Comparator<InetAddress> ORDER =
      Comparator.<InetAddress>comparingInt(IpAddresses::bitLength)
          .thenComparing(IpAddresses::toBigInteger);

  private final NavigableMap<InetAddress, String> owners = new TreeMap<>(ORDER);

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
          allocations.owners.put(address, owner);
        });
    return allocations;
  }

  /** The persisted form. */
  Map<String, String> toProperties() {
    Map<String, String> properties = new LinkedHashMap<>();
    owners.forEach((address, owner) -> properties.put(IpAddresses.toString(address), owner));
    return properties;
  }

  boolean isEmpty() {
    return owners.isEmpty();
  }

  /** Who holds {@code address}; empty when it is free. */
  Optional<String> owner(InetAddress address) {
    return Optional.ofNullable(owners.get(address));
  }

  void put(InetAddress address, String owner) {
    owners.put(address, owner);
  }

  /** Frees {@code address}; false when it was not allocated. */
  boolean remove(InetAddress address) {
    return owners.remove(address) != null;
  }

  /** Frees every address {@code owner} holds; returns how many. */
  int removeOwner(String owner) {
    int removed = 0;
    for (Iterator<String> it = owners.values().iterator(); it.hasNext(); ) {
      if (it.next().equals(owner)) {
        it.remove();
        removed++;
      }
    }
    return removed;
  }

  /** The allocated addresses of one family, as unsigned numbers in ascending order. */
  NavigableSet<BigInteger> numbers(boolean ipv6) {
    NavigableSet<BigInteger> numbers = new TreeSet<>();
    for (InetAddress address : owners.keySet()) {
      if ((IpAddresses.bitLength(address) == 128) == ipv6) {
        numbers.add(IpAddresses.toBigInteger(address));
      }
    }
    return numbers;
  }

  /** Address to owner, IPv4 first then by numeric address; unmodifiable. */
  Map<InetAddress, String> asMap() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(owners));
  }
}
