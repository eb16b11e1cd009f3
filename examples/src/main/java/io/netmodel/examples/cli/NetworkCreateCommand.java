package io.netmodel.examples.cli;

import io.netmodel.api.NetworkInfo;
import io.netmodel.api.Networking;
import io.netmodel.api.network.DriverOptions;
import io.netmodel.api.network.NetworkSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code netmodel network create}: make a network; print its id, as Docker does. */
@Command(
    name = "create",
    mixinStandardHelpOptions = true,
    description = "Make a network; print its id.",
    footerHeading = "%nDriver options (-o KEY=VALUE), with Docker's keys:%n",
    footer = {
      "  bridge   com.docker.network.bridge.name",
      "           com.docker.network.bridge.enable_icc",
      "           com.docker.network.bridge.enable_ip_masquerade",
      "           com.docker.network.bridge.host_binding_ipv4",
      "           com.docker.network.driver.mtu",
      "  macvlan  parent, macvlan_mode, com.docker.network.driver.mtu",
      "  ipvlan   parent, ipvlan_mode, ipvlan_flag",
      "  overlay  com.docker.network.driver.overlay.vxlanid_list",
      "           com.docker.network.driver.mtu",
    })
final class NetworkCreateCommand implements Callable<Integer> {
  @Option(
      names = {"-d", "--driver"},
      paramLabel = "DRIVER",
      description = "bridge (default), macvlan, ipvlan or overlay.")
  String driver = "bridge";

  @Option(names = "--subnet", paramLabel = "CIDR", description = "A subnet (one IPv4, one IPv6).")
  List<String> subnets = new ArrayList<>();

  @Option(names = "--gateway", paramLabel = "IP", description = "The gateway of its subnet.")
  List<String> gateways = new ArrayList<>();

  @Option(
      names = "--ip-range",
      paramLabel = "CIDR",
      description = "Allocate endpoint addresses of its subnet from this range only.")
  List<String> ipRanges = new ArrayList<>();

  @Option(
      names = "--aux-address",
      paramLabel = "NAME=IP",
      description = "Reserve an address of its subnet under a name.")
  List<String> auxAddresses = new ArrayList<>();

  @Option(names = "--internal", description = "No route to the outside, no masquerade.")
  boolean internal;

  @Option(names = "--ipv6", description = "Enable IPv6 (needs an IPv6 --subnet).")
  boolean ipv6;

  @Option(
      names = {"-o", "--opt"},
      paramLabel = "KEY=VALUE",
      description = "A driver option, with Docker's keys (listed below).")
  List<String> options = new ArrayList<>();

  @Parameters(paramLabel = "NAME", description = "The network's name.")
  String name;

  @ParentCommand NetworkCommand network;

  @Override
  public Integer call() {
    NetworkSpec spec = toSpec();
    try (Networking net = network.open()) {
      NetworkInfo created = net.createNetwork(spec);
      System.out.println(created.id());
      return 0;
    }
  }

  /** The spec these flags describe; bad flags are refused before anything is opened. */
  NetworkSpec toSpec() {
    DriverOptions b = DriverOptions.builder(driver, name).internal(internal).ipv6(ipv6);
    subnets.forEach(b::subnet);
    gateways.forEach(b::gateway);
    ipRanges.forEach(b::ipRange);
    auxAddresses.forEach(b::auxAddress);
    options.forEach(b::option);
    return b.build();
  }
}
