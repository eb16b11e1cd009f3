/**
 * How network modes become kernel operations: the drivers, IPAM, persisted state, and the
 * kernel port ({@link io.netmodel.core.kernel.Kernel}) they drive.
 */
module io.netmodel.core {
  requires transitive io.netmodel.api;
  requires org.slf4j;

  exports io.netmodel.core.kernel;
  exports io.netmodel.core.engine;
  exports io.netmodel.core.ipam;
  exports io.netmodel.core.state;
}
