package io.netmodel.core.ipam;

import io.netmodel.api.net.IpAddresses;
import java.math.BigInteger;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
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
 * mapped to the owner. Besides the owners it keeps, changed with them, the allocated numbers of
 * each family and the persisted form, so that an allocation on a network of N addresses
 * neither sorts nor formats N addresses again. Not thread-safe: {@link Ipam} uses one per locked
 * read-modify-write.
 */
final class NetworkAllocations {
  /** IPv4 before IPv6, then by numeric address (the bytes, unsigned, compare as the numbers). */
  static final Comparator<InetAddress> ORDER =
      Comparator.<InetAddress>comparingInt(IpAddresses::bitLength)
          .thenComparing(InetAddress::getAddress, Arrays::compareUnsigned);

  private final NavigableMap<InetAddress, String> owners = new TreeMap<>(ORDER);
  private final NavigableSet<BigInteger> ipv4Numbers = new TreeSet<>();
  private final NavigableSet<BigInteger> ipv6Numbers = new TreeSet<>();
  /** The persisted form: canonical address text to owner, sorted as the file is. */
  private final SortedMap<String, String> text = new TreeMap<>();

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
          allocations.put(address, owner);
        });
    return allocations;
  }

  /** The persisted form, sorted by key; unmodifiable, and changed by later changes. */
  SortedMap<String, String> toProperties() {
    return Collections.unmodifiableSortedMap(text);
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
    numbersOf(address).add(IpAddresses.toBigInteger(address));
    text.put(IpAddresses.toString(address), owner);
  }

  /** Frees {@code address}; false when it was not allocated. */
  boolean remove(InetAddress address) {
    if (owners.remove(address) == null) {
      return false;
    }
    numbersOf(address).remove(IpAddresses.toBigInteger(address));
    text.remove(IpAddresses.toString(address));
    return true;
  }

  /** Frees every address {@code owner} holds; returns how many. */
  int removeOwner(String owner) {
    List<InetAddress> held = new ArrayList<>();
    owners.forEach(
        (address, holder) -> {
          if (holder.equals(owner)) {
            held.add(address);
          }
        });
    held.forEach(this::remove);
    return held.size();
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
