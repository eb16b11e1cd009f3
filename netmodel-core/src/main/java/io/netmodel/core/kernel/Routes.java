package io.netmodel.core.kernel;

import java.util.List;

/** The routes of one namespace's main table, IPv4 and IPv6. Thread-safe. */
public interface Routes {

  /**
   * Adds a route.
   *
   * @throws io.netmodel.api.KernelException {@code EEXIST} if it exists, {@code ENETUNREACH}
   *     (IPv4) or {@code EHOSTUNREACH} (IPv6) if no address of the namespace makes the
   *     gateway reachable, {@code ENETDOWN} if the device is down
   */
  void add(Route route);

  /** Removes a route; false when there was no such route. */
  boolean delete(Route route);

  /** The routes of the main table (both families). */
  List<Route> list();
}
