package io.netmodel.testkit.kernel;

import io.netmodel.core.kernel.ForwardingEntry;
import io.netmodel.core.kernel.Neighbour;
import io.netmodel.core.kernel.Neighbours;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Permanent neighbour and forwarding entries of one fake namespace: an entry names a link of
 * the namespace ({@code ENODEV} otherwise) and goes with it; a neighbour is keyed by link and
 * address, a forwarding entry by link and MAC address, and {@code put} replaces.
 */
final class FakeNeighbours implements Neighbours {
  private final KernelState state;
  private final NetNamespace ns;

  FakeNeighbours(KernelState state, NetNamespace ns) {
    this.state = state;
    this.ns = ns;
  }

  @Override
  public void put(Neighbour neighbour) {
    Objects.requireNonNull(neighbour, "neighbour");
    synchronized (state) {
      requireLink(neighbour.device(), "RTM_NEWNEIGH",
          neighbour.address().getHostAddress() + " on link " + neighbour.device());
      ns.neighbours.removeIf(
          n -> n.device() == neighbour.device() && n.address().equals(neighbour.address()));
      ns.neighbours.add(neighbour);
    }
  }

  @Override
  public boolean delete(Neighbour neighbour) {
    Objects.requireNonNull(neighbour, "neighbour");
    synchronized (state) {
      return ns.neighbours.removeIf(
          n -> n.device() == neighbour.device() && n.address().equals(neighbour.address()));
    }
  }

  @Override
  public List<Neighbour> list(int device) {
    synchronized (state) {
      List<Neighbour> out = new ArrayList<>();
      ns.neighbours.stream().filter(n -> n.device() == device).forEach(out::add);
      return out;
    }
  }

  @Override
  public void put(ForwardingEntry entry) {
    Objects.requireNonNull(entry, "entry");
    synchronized (state) {
      requireLink(entry.device(), "RTM_NEWNEIGH",
          entry.macAddress() + " on link " + entry.device());
      ns.forwarding.removeIf(
          f -> f.device() == entry.device() && f.macAddress().equals(entry.macAddress()));
      ns.forwarding.add(entry);
    }
  }

  @Override
  public boolean delete(ForwardingEntry entry) {
    Objects.requireNonNull(entry, "entry");
    synchronized (state) {
      return ns.forwarding.removeIf(
          f -> f.device() == entry.device() && f.macAddress().equals(entry.macAddress()));
    }
  }

  @Override
  public List<ForwardingEntry> forwarding(int device) {
    synchronized (state) {
      List<ForwardingEntry> out = new ArrayList<>();
      ns.forwarding.stream().filter(f -> f.device() == device).forEach(out::add);
      return out;
    }
  }

  private void requireLink(int device, String operation, String object) {
    if (!ns.links.containsKey(device)) {
      throw Errno.ENODEV.of(operation, object);
    }
  }
}
