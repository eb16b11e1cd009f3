package io.netmodel.api.network;

import java.util.Locale;

/** Docker's {@code ipvlan_flag} values; {@code bridge} is the default. */
public enum IpvlanFlag {
  BRIDGE,
  PRIVATE,
  VEPA;

  /** Parses Docker's lower-case option value, quoting it when unknown. */
  public static IpvlanFlag parse(String text) {
    for (IpvlanFlag flag : values()) {
      if (flag.toString().equals(text)) {
        return flag;
      }
    }
    throw new IllegalArgumentException(
        "ipvlan_flag must be bridge, private or vepa: \"" + text + "\"");
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
