package io.netmodel.api.network;

import java.util.regex.Pattern;

/** Docker's rule for network names, compiled once. */
final class NetworkNameRule {
  // moby's restricted name characters (daemon/names/names.go), at most 128 characters long.
  static final Pattern NETWORK = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}");

  private NetworkNameRule() {}
}
