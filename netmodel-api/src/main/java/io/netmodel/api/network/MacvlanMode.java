package io.netmodel.api.network;

import java.util.Locale;

/** Docker's {@code macvlan_mode} values; {@code bridge} is the default. */
public enum MacvlanMode {
  BRIDGE,
  PRIVATE,
  VEPA,
  PASSTHRU;

  /** Parses Docker's lower-case option value, quoting it when unknown. */
  public static MacvlanMode parse(String text) {
    for (MacvlanMode mode : values()) {
      if (mode.toString().equals(text)) {
        return mode;
      }
    }
    throw new IllegalArgumentException(
        "macvlan_mode must be bridge, private, vepa or passthru: \"" + text + "\"");
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
