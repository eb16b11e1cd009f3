package io.netmodel.core.kernel;

import java.util.List;

/** Neighbour (ARP/NDP) and forwarding database entries of one namespace. Thread-safe. */
public interface Neighbours {

  /** Adds or replaces a permanent neighbour entry. */
  void put(Neighbour neighbour);

  /** Removes a neighbour entry; false when there was none. */
  boolean delete(Neighbour neighbour);

  /** The permanent neighbour entries of link {@code device}. */
  List<Neighbour> list(int device);

  /** Adds or replaces a permanent forwarding entry. */
  void put(ForwardingEntry entry);

  /** Removes a forwarding entry; false when there was none. */
  boolean delete(ForwardingEntry entry);

  /** The permanent forwarding entries of link {@code device}. */
  List<ForwardingEntry> forwarding(int device);
}
