package io.netmodel.api.mode;

import java.util.regex.Pattern;

/** Docker's rule for network and container names, shared by the mode records. */
final class NetworkNames {
  // moby's restrictions: [a-zA-Z0-9][a-zA-Z0-9_.-]* (daemon/names/names.go).
  private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");

  private NetworkNames() {}

  static void check(String value, String what) {
    if (!NAME.matcher(value).matches()) {
      throw new IllegalArgumentException(
          what + " must be host, none, bridge, container:NAME or a network name"
              + " matching [a-zA-Z0-9][a-zA-Z0-9_.-]*: \"" + value + "\"");
    }
  }
}
