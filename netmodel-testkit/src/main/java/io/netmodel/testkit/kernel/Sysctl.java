package io.netmodel.testkit.kernel;

import java.util.List;
import java.util.Map;

/**
 * The fake kernel's small, realistic sysctl tree below {@code /proc/sys/net}: forwarding,
 * the local port range, and per-interface {@code ipv4/conf/X} and {@code ipv6/conf/X}
 * directories that come and go with links, holding the values a new namespace has.
 */
final class Sysctl {
  private Sysctl() {}

  static final String IP_FORWARD = "ipv4/ip_forward";
  static final String IPV4_CONF = "ipv4/conf/";
  static final String IPV6_CONF = "ipv6/conf/";
  private static final List<String> IPV4_KEYS =
      List.of("forwarding", "rp_filter", "proxy_arp", "route_localnet");
  private static final List<String> IPV6_KEYS = List.of("forwarding", "disable_ipv6", "accept_ra");

  static void initNamespace(Map<String, String> sysctls) {
    sysctls.put(IP_FORWARD, "0");
    sysctls.put("ipv4/ip_local_port_range", "32768\t60999");
    for (String dir : List.of("all", "default")) {
      IPV4_KEYS.forEach(k -> sysctls.put(IPV4_CONF + dir + "/" + k, "0"));
      IPV6_KEYS.forEach(k -> sysctls.put(IPV6_CONF + dir + "/" + k, k.equals("accept_ra") ? "1" : "0"));
    }
  }

  /** A new link's directories, with the namespace's defaults. */
  static void initLink(Map<String, String> sysctls, String link) {
    IPV4_KEYS.forEach(
        k -> sysctls.put(IPV4_CONF + link + "/" + k, sysctls.get(IPV4_CONF + "default/" + k)));
    IPV6_KEYS.forEach(
        k -> sysctls.put(IPV6_CONF + link + "/" + k, sysctls.get(IPV6_CONF + "default/" + k)));
  }

  static void removeLink(Map<String, String> sysctls, String link) {
    sysctls.keySet().removeIf(k -> isOfLink(k, link));
  }

  static void renameLink(Map<String, String> sysctls, String from, String to) {
    for (String key : List.copyOf(sysctls.keySet())) {
      if (isOfLink(key, from)) {
        String family = key.startsWith(IPV4_CONF) ? IPV4_CONF : IPV6_CONF;
        String rest = key.substring(family.length() + from.length());
        sysctls.put(family + to + rest, sysctls.remove(key));
      }
    }
  }

  static String disableIpv6Key(String link) {
    return IPV6_CONF + link + "/disable_ipv6";
  }

  /** Whether a value is a number list (every key here but the port range is one integer). */
  static boolean takesInteger(String key) {
    return !key.equals("ipv4/ip_local_port_range");
  }

  private static boolean isOfLink(String key, String link) {
    return key.startsWith(IPV4_CONF + link + "/") || key.startsWith(IPV6_CONF + link + "/");
  }
}
