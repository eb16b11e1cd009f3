package io.netmodel.api;

import io.netmodel.api.net.IpAddresses;
import io.netmodel.api.net.IpPrefix;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Prints an {@link Endpoint} as a CNI 1.0 {@code Result} (the JSON a CNI plugin returns from
 * ADD), so that netmodel can stand where a CNI plugin stands.
 *
 * <pre>{@code
 * {"cniVersion":"1.0.0",
 *  "interfaces":[{"name":"eth0","mac":"02:42:ac:11:00:02","sandbox":"/run/netns/web"}],
 *  "ips":[{"address":"172.17.0.2/16","gateway":"172.17.0.1","interface":0}],
 *  "routes":[{"dst":"0.0.0.0/0","gw":"172.17.0.1"}],
 *  "dns":{}}
 * }</pre>
 */
public final class CniResult {
  /** The CNI specification version this output follows. */
  public static final String CNI_VERSION = "1.0.0";

  private CniResult() {}

  /** The endpoint as CNI 1.0 JSON; {@code sandbox} is the namespace path, when there is one. */
  public static String toJson(Endpoint endpoint, Optional<Path> sandbox) {
    StringBuilder b = new StringBuilder(256);
    b.append("{\"cniVersion\":").append(quote(CNI_VERSION));
    b.append(",\"interfaces\":[{\"name\":").append(quote(endpoint.interfaceName().toString()));
    b.append(",\"mac\":").append(quote(endpoint.macAddress().toString()));
    sandbox.ifPresent(path -> b.append(",\"sandbox\":").append(quote(path.toString())));
    b.append("}],\"ips\":[");
    boolean first = true;
    for (IpPrefix address : endpoint.addresses()) {
      b.append(first ? "" : ",");
      first = false;
      b.append("{\"address\":").append(quote(address.toString()));
      gatewayFor(endpoint, address)
          .ifPresent(gw -> b.append(",\"gateway\":").append(quote(IpAddresses.toString(gw))));
      b.append(",\"interface\":0}");
    }
    b.append("],\"routes\":[");
    first = true;
    for (Endpoint.RouteInfo route : endpoint.routes()) {
      b.append(first ? "" : ",");
      first = false;
      b.append("{\"dst\":").append(quote(route.destination().toString()));
      route.gateway().ifPresent(gw -> b.append(",\"gw\":").append(quote(IpAddresses.toString(gw))));
      b.append('}');
    }
    b.append("],\"dns\":{}}");
    return b.toString();
  }

  private static Optional<InetAddress> gatewayFor(Endpoint endpoint, IpPrefix address) {
    return endpoint.gateways().stream().filter(address::contains).findFirst();
  }

  private static String quote(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }
}
