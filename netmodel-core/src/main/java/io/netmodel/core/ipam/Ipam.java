package io.netmodel.core.ipam;

import io.netmodel.api.AddressPoolExhaustedException;
import io.netmodel.api.ConflictException;
import io.netmodel.api.net.IpAddresses;
import io.netmodel.api.network.IpamConfig;
import io.netmodel.core.state.ParsedObjects;
import io.netmodel.core.state.StateStore;
import java.math.BigInteger;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands out the addresses of networks' subnets to their endpoints, as Docker's default IPAM
 * driver does, and remembers who holds each one.
 *
 * <pre>{@code
 * Ipam ipam = new Ipam(StateStore.open(stateDirectory));
 * IpamConfig web = IpamConfig.of(IpPrefix.parse("172.18.0.0/16"));
 * ipam.allocate("web", web, Optional.empty(), "c1");      // 172.18.0.2 (172.18.0.1 is the gateway)
 * ipam.allocate("web", web, Optional.empty(), "c2");      // 172.18.0.3
 * ipam.allocate("web", web, Optional.of(IpAddresses.parse("172.18.0.9")), "c3");   // 172.18.0.9
 * ipam.release("web", IpAddresses.parse("172.18.0.2"));   // true
 * ipam.allocate("web", web, Optional.empty(), "c4");      // 172.18.0.2 again
 * }</pre>
 *
 * <p><b>Which addresses.</b> An address is allocated from the config's ip-range when it has
 * one, else from its subnet, and never is: the subnet's network address, the IPv4 broadcast
 * address, the gateway ({@link IpamConfig#effectiveGateway()}) or an aux address. A dynamic
 * allocation takes the lowest free address, so an address just released is handed out again at
 * once, as Docker's default bridge gives {@code 172.17.0.2} to each new container after the
 * last one left. Finding it walks the allocated and reserved addresses in order up to the first
 * gap, never the free space, so a /64 costs no more than a /24; and while the network's file is
 * unchanged by others it starts where this Ipam's previous walk ended (a release below lowers
 * that), so filling a network does not walk all of it again per allocation. A requested address
 * is checked
 * (family, subnet, ip-range, reserved) and must be free. One owner may hold several addresses
 * on a network, one per family or more.
 *
 * <p><b>Persistence.</b> The allocations live in the {@link StateStore}, kind {@code ipam},
 * one object per network keyed by the network's name, one property per address (canonical
 * address text to owner); a network without allocations has no object. An allocation or a
 * release appends one line to the network's file ({@link StateStore#append}; a release's line
 * has an empty owner), so its cost does not grow with the network; when the appended lines
 * have made the file more than twice the size of the allocations written whole (and 4 KiB
 * more), it is written whole again. Each allocation or release is a single read-modify-write
 * inside {@link StateStore#locked}, so two processes sharing a state directory never hand out
 * one address twice, and a new {@code Ipam} on the directory sees every earlier allocation.
 * The {@link IpamConfig} itself is not stored: the caller passes the network's config to each
 * {@link #allocate}. An Ipam keeps what it last read or wrote of each network and uses it
 * again while the stored object is that version ({@link StateStore#version}: file identity,
 * modification time, size; every append grows the file, every whole write renames a new file
 * into place), so an allocation costs one {@code stat}, one append and one {@code stat} rather
 * than reading and parsing the network's every address; another process's change is a new
 * version and is read.
 *
 * <p>Thread-safe and process-safe through the store's lock.
 */
public final class Ipam {
  private static final String KIND = "ipam";
  /** The owner of a released address in an appended line. */
  private static final String RELEASED = "";
  /** How far beyond twice the allocations' size the appends may grow a file before a rewrite. */
  private static final long REWRITE_SLACK_BYTES = 4096;
  private static final Logger log = LoggerFactory.getLogger(Ipam.class);

  /** What this Ipam last read or wrote of each network, valid while the version matches. */
  private final ParsedObjects<NetworkAllocations> cache;
  private static final Pattern NETWORK_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");

  private final StateStore store;

  /** An allocator whose allocations live in {@code store}. */
  public Ipam(StateStore store) {
    this.store = Objects.requireNonNull(store, "store");
    this.cache = new ParsedObjects<>(store, KIND, NetworkAllocations::fromProperties);
  }

  /**
   * Allocates an address of config's family for owner on network: requested (validated) or the
   * first free one.
   *
   * @param network the network's name, {@code [a-zA-Z0-9][a-zA-Z0-9_.-]*}
   * @param config the network's subnet of the family wanted, with its gateway, ip-range and aux
   *     addresses
   * @param requested the address wanted, or empty for the lowest free one
   * @param owner who holds the address (an endpoint id, say); not empty
   * @return the address allocated, without host name or scope
   * @throws IllegalArgumentException quoting the address and the reason when the requested
   *     address is of the other family, outside the subnet or the ip-range, or is the network
   *     address, the broadcast address, the gateway or an aux address (named); also for a bad
   *     network name or an empty owner
   * @throws ConflictException naming the address, the network and the current owner when the
   *     requested address is already allocated
   * @throws AddressPoolExhaustedException naming the network and the range (for example {@code
   *     network web (172.18.0.0/30)}) when no address is free
   */
  public InetAddress allocate(
      String network, IpamConfig config, Optional<? extends InetAddress> requested, String owner) {
    checkNetwork(network);
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(requested, "requested");
    Objects.requireNonNull(owner, "owner");
    if (owner.isEmpty()) {
      throw new IllegalArgumentException("owner of an address must not be empty");
    }
    AddressPool pool = new AddressPool(network, config);
    Optional<BigInteger> wanted = requested.map(pool::checkRequest);
    return store.locked(
        () -> {
          NetworkAllocations allocations = load(network);
          InetAddress address;
          if (wanted.isPresent()) {
            address = pool.address(wanted.get());
            Optional<String> holder = allocations.owner(address);
            if (holder.isPresent()) {
              throw new ConflictException(
                  "address "
                      + IpAddresses.toString(address)
                      + " of network "
                      + network
                      + " is already allocated to "
                      + holder.get());
            }
          } else {
            BigInteger free =
                pool.firstFree(
                        allocations.numbers(pool.isIpv6()),
                        allocations.freeFrom(config, BigInteger.ZERO))
                    .orElseThrow(() -> new AddressPoolExhaustedException(pool.describe()));
            address = pool.address(free);
            allocations.allocatedFirstFree(config, free);
          }
          allocations.put(address, owner);
          save(network, allocations, Map.of(IpAddresses.toString(address), owner));
          log.debug(
              "allocated {} on network {} to {}", IpAddresses.toString(address), network, owner);
          return address;
        });
  }

  /**
   * Releases one address of network.
   *
   * @return false when the address was not allocated
   * @throws IllegalArgumentException for a bad network name
   */
  public boolean release(String network, InetAddress address) {
    checkNetwork(network);
    Objects.requireNonNull(address, "address");
    return store.locked(
        () -> {
          NetworkAllocations allocations = load(network);
          if (!allocations.remove(address)) {
            return false;
          }
          save(network, allocations, Map.of(IpAddresses.toString(address), RELEASED));
          log.debug("released {} on network {}", IpAddresses.toString(address), network);
          return true;
        });
  }

  /**
   * Releases every address owner holds on network, in both families.
   *
   * @return how many addresses were released (0 when owner held none)
   * @throws IllegalArgumentException for a bad network name
   */
  public int releaseOwner(String network, String owner) {
    checkNetwork(network);
    Objects.requireNonNull(owner, "owner");
    return store.locked(
        () -> {
          NetworkAllocations allocations = load(network);
          List<InetAddress> released = allocations.removeOwner(owner);
          if (!released.isEmpty()) {
            Map<String, String> changes = new TreeMap<>();
            released.forEach(address -> changes.put(IpAddresses.toString(address), RELEASED));
            save(network, allocations, changes);
            log.debug(
                "released {} address(es) of {} on network {}", released.size(), owner, network);
          }
          return released.size();
        });
  }

  /**
   * Forgets every allocation of network (when the network is removed). Idempotent.
   *
   * @throws IllegalArgumentException for a bad network name
   */
  public void deleteNetwork(String network) {
    checkNetwork(network);
    boolean deleted = store.locked(() -> {
      cache.forget(network);
      return store.delete(KIND, network);
    });
    if (deleted) {
      log.debug("forgot the allocations of network {}", network);
    }
  }

  /**
   * The allocations of network: address to owner, both families, IPv4 first then by numeric
   * address. A snapshot; unmodifiable; empty for an unknown network.
   *
   * @throws IllegalArgumentException for a bad network name
   */
  public Map<InetAddress, String> allocations(String network) {
    checkNetwork(network);
    // Outside the lock a read sees the file as some change left it: appends are whole lines,
    // and a last line not yet whole is not read.
    return read(network).asMap();
  }

  /** The allocations as stored, read and parsed afresh (for reads outside the lock). */
  private NetworkAllocations read(String network) {
    return store
        .read(KIND, network)
        .map(properties -> NetworkAllocations.fromProperties(network, properties))
        .orElseGet(NetworkAllocations::empty);
  }

  /**
   * The allocations of {@code network} for a read-modify-write under the store's lock: this
   * Ipam's copy when the stored object is still the version it last read or wrote, else read
   * and parsed again. One {@code stat} instead of reading and parsing every address of the
   * network on each allocation.
   */
  private NetworkAllocations load(String network) {
    return cache.get(network).orElseGet(NetworkAllocations::empty);
  }

  /**
   * Stores a change of {@code network}'s allocations, which {@code changes} describes (address
   * text to owner, {@link #RELEASED} for a release): appended to the file, or the file written
   * whole when the appends have made it more than twice the size of the allocations, or deleted
   * when none are left.
   */
  private void save(
      String network, NetworkAllocations allocations, Map<String, String> changes) {
    // Forgotten first: should the write fail, the caller's changes must not be reused.
    cache.forget(network);
    if (allocations.isEmpty()) {
      store.delete(KIND, network);
      return;
    }
    StateStore.Version version = store.append(KIND, network, changes);
    if (version.size() > 2 * allocations.persistedBytes() + REWRITE_SLACK_BYTES) {
      store.write(KIND, network, allocations.toProperties());
      cache.keep(network, allocations);
    } else {
      cache.keep(network, allocations, version);
    }
  }

  private static void checkNetwork(String network) {
    Objects.requireNonNull(network, "network");
    if (!NETWORK_NAME.matcher(network).matches()) {
      throw new IllegalArgumentException(
          "network name must match [a-zA-Z0-9][a-zA-Z0-9_.-]*: \"" + network + "\"");
    }
  }
}
