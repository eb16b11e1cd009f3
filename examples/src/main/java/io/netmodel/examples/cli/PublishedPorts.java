package io.netmodel.examples.cli;

import io.netmodel.api.Endpoint;
import io.netmodel.api.net.IpAddresses;
import io.netmodel.api.net.IpPrefix;
import io.netmodel.api.net.PortMapping;
import io.netmodel.api.net.Protocol;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A sandbox's published ports as Docker shows them: the {@code PORTS} column of {@code docker
 * ps} ({@code 0.0.0.0:8080->80/tcp, [::]:8080->80/tcp}) and {@code NetworkSettings.Ports} of
 * {@code docker inspect} ({@code "80/tcp": [{"HostIp": "0.0.0.0", "HostPort": "8080"}]}).
 *
 * <p>Both start from the endpoints' mappings as held (host ports chosen). A mapping without a
 * host address is published on every address of each family the endpoint has an address of,
 * so it shows as {@code 0.0.0.0} when the endpoint has IPv4 and as {@code ::} when it has IPv6.
 */
final class PublishedPorts {
  private static final String ANY4 = "0.0.0.0";
  private static final String ANY6 = "::";

  /** One host port bound to one sandbox port: Docker's {@code types.Port}. */
  record Binding(String hostIp, int hostPort, int containerPort, Protocol protocol) {
    /** Docker's key of the sandbox side, {@code 80/tcp}. */
    String containerKey() {
      return containerPort + "/" + protocol;
    }

    /** The host side as an address and port, IPv6 in brackets: {@code [::]:8080}. */
    String hostSide(String ports) {
      return (hostIp.indexOf(':') >= 0 ? "[" + hostIp + "]" : hostIp) + ":" + ports;
    }
  }

  /** Docker's order for ps: sandbox port, host address, host port, protocol. */
  private static final Comparator<Binding> DOCKER_ORDER =
      Comparator.comparingInt(Binding::containerPort)
          .thenComparing(Binding::hostIp)
          .thenComparingInt(Binding::hostPort)
          .thenComparing(b -> b.protocol().toString());

  private PublishedPorts() {}

  /** Every host port of {@code endpoints}, one binding per address family and port. */
  static List<Binding> bindings(List<Endpoint> endpoints) {
    List<Binding> out = new ArrayList<>();
    for (Endpoint endpoint : endpoints) {
      for (PortMapping mapping : endpoint.ports()) {
        for (String hostIp : hostIps(endpoint, mapping)) {
          addPorts(out, hostIp, mapping);
        }
      }
    }
    return out;
  }

  /**
   * The {@code PORTS} column of {@code docker ps}: ports whose host and sandbox numbers are
   * equal are grouped into ranges per address and protocol ({@code 0.0.0.0:80-81->80-81/tcp}),
   * the others listed one by one after them, all joined with {@code ", "}; empty when nothing
   * is published.
   */
  static String display(List<Endpoint> endpoints) {
    List<Binding> sorted = new ArrayList<>(bindings(endpoints));
    sorted.sort(DOCKER_ORDER);
    // The open group of each address and protocol, in the order they were first seen.
    Map<String, Group> open = new LinkedHashMap<>();
    List<String> shown = new ArrayList<>();
    List<String> unequal = new ArrayList<>();
    for (Binding b : sorted) {
      if (b.hostPort() != b.containerPort()) {
        unequal.add(b.hostSide(Integer.toString(b.hostPort())) + "->" + b.containerKey());
        continue;
      }
      String key = b.hostIp() + "/" + b.protocol();
      Group group = open.get(key);
      if (group != null && b.containerPort() == group.last + 1) {
        group.last = b.containerPort();
        continue;
      }
      if (group != null) {
        shown.add(group.toString());
      }
      open.put(key, new Group(b));
    }
    open.values().forEach(g -> shown.add(g.toString()));
    shown.addAll(unequal);
    return String.join(", ", shown);
  }

  /** Consecutive ports published on the same number on the host and in the sandbox. */
  private static final class Group {
    private final Binding first;
    private int last;

    Group(Binding first) {
      this.first = first;
      this.last = first.containerPort();
    }

    @Override
    public String toString() {
      int from = first.containerPort();
      String ports = from == last ? Integer.toString(from) : from + "-" + last;
      return first.hostSide(ports) + "->" + ports + "/" + first.protocol();
    }
  }

  /**
   * {@code NetworkSettings.Ports} of {@code docker inspect}: for each sandbox port ({@code
   * 80/tcp}, keys in Go's sorted order), its host addresses and ports, host ports as strings.
   */
  static Map<String, Object> settings(List<Endpoint> endpoints) {
    Map<String, List<Map<String, String>>> byPort = new TreeMap<>();
    for (Binding b : bindings(endpoints)) {
      Map<String, String> host = new LinkedHashMap<>();
      host.put("HostIp", b.hostIp());
      host.put("HostPort", Integer.toString(b.hostPort()));
      byPort.computeIfAbsent(b.containerKey(), k -> new ArrayList<>()).add(host);
    }
    return new LinkedHashMap<>(byPort);
  }

  /** The host addresses {@code mapping} is bound to, as text. */
  private static List<String> hostIps(Endpoint endpoint, PortMapping mapping) {
    if (mapping.hostIp().isPresent()) {
      return List.of(IpAddresses.toString(mapping.hostIp().get()));
    }
    boolean v4 = false;
    boolean v6 = false;
    for (IpPrefix address : endpoint.addresses()) {
      if (address.isIpv4()) {
        v4 = true;
      } else {
        v6 = true;
      }
    }
    List<String> out = new ArrayList<>();
    if (v4) {
      out.add(ANY4);
    }
    if (v6) {
      out.add(ANY6);
    }
    return out;
  }

  /** The host ports of {@code mapping}, one to one with its sandbox ports when they match. */
  private static void addPorts(List<Binding> out, String hostIp, PortMapping mapping) {
    int hostFirst = mapping.hostPorts().first();
    int containerFirst = mapping.containerPorts().first();
    if (mapping.hostPorts().size() == mapping.containerPorts().size()) {
      for (int i = 0; i < mapping.containerPorts().size(); i++) {
        out.add(new Binding(hostIp, hostFirst + i, containerFirst + i, mapping.protocol()));
      }
    } else {
      // One sandbox port on one host port of a range: the held mapping names that port.
      out.add(new Binding(hostIp, hostFirst, containerFirst, mapping.protocol()));
    }
  }
}
