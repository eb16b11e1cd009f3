package io.netmodel.core.kernel;

import io.netmodel.api.namespace.NamespaceHandle;
import io.netmodel.api.net.InterfaceName;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The links of one namespace. Lookups go by name or index, never by dumping all and
 * filtering. Thread-safe.
 */
public interface Links {

  /**
   * Creates a link in one request and returns it as the kernel reports it (for a veth, the
   * near end).
   *
   * @throws io.netmodel.api.KernelException {@code EEXIST} if the name is taken (also for a
   *     veth peer's name in its namespace), {@code ENODEV} for a missing parent, {@code EINVAL} for a missing master,
   *     {@code EOPNOTSUPP} for a master that is not a bridge, {@code EXFULL} for a bridge's
   *     1024th port,
   *     {@code EOPNOTSUPP} when the kernel lacks the kind's driver
   */
  Link add(LinkSpec spec);

  /**
   * Creates a link directly inside namespace {@code target}, under its final name, in one
   * request ({@code IFLA_NET_NS_FD}); a parent (macvlan, ipvlan, vlan) is a link of this
   * namespace. This is how a sandbox's macvlan {@code eth0} is made without a move and a
   * rename.
   *
   * @throws io.netmodel.api.KernelException as {@link #add}; {@code EEXIST} when the name is
   *     taken in {@code target}
   * @throws IllegalArgumentException if the spec names a master (a master is set in the
   *     namespace the link lives in)
   */
  void addIn(LinkSpec spec, NamespaceHandle target);

  /** The link of that name. */
  Optional<Link> get(InterfaceName name);

  /** The link of that index. */
  Optional<Link> get(int index);

  /** All links, by index. */
  List<Link> list();

  /**
   * Applies {@code change} to the link {@code index} in one request.
   *
   * @throws io.netmodel.api.KernelException {@code ENODEV} if there is no such link
   */
  void change(int index, LinkChange change);

  /**
   * Deletes a link (for a veth, both ends). Returns false when there was no such link.
   */
  boolean delete(int index);

  /** Deletes every link of interface group {@code group} (not 0) in one request. */
  void deleteGroup(int group);

  /**
   * Waits until {@code port}, a port of {@code bridge}, takes frames: Linux enables a bridge's
   * port, and gives the bridge its carrier, only once it has handled the port's carrier coming
   * on (a veth's, when its peer comes up), in work of its own that may run after the request
   * bringing the link up has returned. A frame arriving before is dropped: a container's first
   * ARP request, and with it the first second of its traffic. Returns true once the port has
   * left the disabled state (on a bridge without STP it then forwards; with STP it is
   * listening) and the bridge is operationally up; false when that has not happened within
   * {@code timeout}, or when the calling thread is interrupted (its flag kept).
   *
   * @throws io.netmodel.api.KernelException {@code ENODEV} if there is no link {@code port}
   *     or {@code bridge}
   * @throws IllegalArgumentException if {@code port} is not a port of {@code bridge}, or the
   *     timeout is negative
   */
  boolean awaitPortEnabled(int port, int bridge, Duration timeout);

  /**
   * Checks a link index as every port does.
   *
   * @return {@code index}
   * @throws IllegalArgumentException naming the index when it is not positive
   */
  static int checkIndex(int index) {
    if (index <= 0) {
      throw new IllegalArgumentException("link index must be positive: " + index);
    }
    return index;
  }

  /**
   * Checks the arguments of {@link #awaitPortEnabled} as every port does.
   *
   * @throws IllegalArgumentException for an index that is not positive or a negative timeout
   */
  static void checkPortWait(int port, int bridge, Duration timeout) {
    checkIndex(port);
    checkIndex(bridge);
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must not be negative: " + timeout);
    }
  }

  /** What {@link #awaitPortEnabled} throws, in every port's words, for a link not on the bridge. */
  static IllegalArgumentException notAPortOf(
      int port, String portName, int bridge, String bridgeName) {
    return new IllegalArgumentException(
        "link " + port + " (" + portName + ") is not a port of bridge " + bridge + " ("
            + bridgeName + ")");
  }
}
