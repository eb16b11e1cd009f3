package io.netmodel.examples.tour;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A network interface as {@code ip -j addr} shows it: its name and its addresses, each as
 * {@code ADDRESS/PREFIXLEN}.
 */
record Interface(String name, List<String> addresses) {
  Interface {
    Objects.requireNonNull(name, "name");
    addresses = List.copyOf(addresses);
  }

  /** The names of {@code interfaces}, comma-separated. */
  static String names(List<Interface> interfaces) {
    return interfaces.stream().map(Interface::name).collect(Collectors.joining(", "));
  }

  /** Every address of {@code interfaces}, in order. */
  static List<String> allAddresses(List<Interface> interfaces) {
    return interfaces.stream().flatMap(i -> i.addresses().stream()).collect(Collectors.toList());
  }

  /** The IPv4 addresses of {@code interfaces}, comma-separated. */
  static String ipv4(List<Interface> interfaces) {
    return allAddresses(interfaces).stream()
        .filter(a -> a.indexOf(':') < 0)
        .collect(Collectors.joining(", "));
  }
}
