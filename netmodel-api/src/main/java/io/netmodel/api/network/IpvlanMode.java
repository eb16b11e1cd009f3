package io.netmodel.api.network;

import java.util.Locale;

/** Docker's {@code ipvlan_mode} values; {@code l2} is the default. */
public enum IpvlanMode {
  L2,
  L3,
  L3S;

  /** Parses Docker's lower-case option value, quoting it when unknown. */
  public static IpvlanMode parse(String text) {
    for (IpvlanMode mode : values()) {
      if (mode.toString().equals(text)) {
        return mode;
      }
    }
    throw new IllegalArgumentException("ipvlan_mode must be l2, l3 or l3s: \"" + text + "\"");
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
