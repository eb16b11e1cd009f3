/**
 * netmodel's vocabulary: network modes, network specifications, value types, namespace
 * handles, exceptions and the {@link io.netmodel.api.Networking} entry point.
 */
module io.netmodel.api {
  requires transitive com.google.common;

  exports io.netmodel.api;
  exports io.netmodel.api.mode;
  exports io.netmodel.api.namespace;
  exports io.netmodel.api.net;
  exports io.netmodel.api.network;
}
