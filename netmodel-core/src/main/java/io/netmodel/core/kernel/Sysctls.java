package io.netmodel.core.kernel;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The network sysctls of one namespace ({@code /proc/sys/net/...} as seen from inside it),
 * by key relative to {@code net}, slash-separated: {@code ipv4/ip_forward}, {@code
 * ipv6/conf/eth0/disable_ipv6}. Thread-safe.
 */
public interface Sysctls {

  /** The value, trimmed; empty when the key does not exist. */
  Optional<String> get(String key);

  /**
   * Sets a value.
   *
   * @throws io.netmodel.api.NotFoundException if the key does not exist
   */
  void set(String key, String value);

  /**
   * Refuses a key that is not a plain path below {@code /proc/sys/net}.
   *
   * @throws IllegalArgumentException quoting the key
   */
  static String checkKey(String key) {
    if (!KEY.matcher(key).matches() || key.contains("..")) {
      throw new IllegalArgumentException(
          "sysctl key must be a path below net/, like ipv4/ip_forward: \"" + key + "\"");
    }
    return key;
  }

  /** Path segments of letters, digits, '_', '-', '.' and '@'; no leading slash. */
  Pattern KEY = Pattern.compile("[A-Za-z0-9_.@-]+(/[A-Za-z0-9_.@-]+)*");
}
