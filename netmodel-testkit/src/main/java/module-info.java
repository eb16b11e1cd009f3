/**
 * netmodel's testkit: the fake kernel port, {@link io.netmodel.testkit.FakeNetworking} over
 * it, a JUnit 5 extension that injects fakes, AssertJ assertions over kernel state, and the
 * contract suite every kernel port must pass.
 */
module io.netmodel.testkit {
  requires transitive io.netmodel.core;
  requires transitive org.junit.jupiter.api;
  requires transitive org.junit.jupiter.params;
  requires transitive org.assertj.core;

  exports io.netmodel.testkit;
  exports io.netmodel.testkit.kernel;
  exports io.netmodel.testkit.contract;
  exports io.netmodel.testkit.junit;
  exports io.netmodel.testkit.assertions;

  // JUnit calls the suite's lifecycle methods and fills its @TempDir field reflectively.
  opens io.netmodel.testkit.contract to org.junit.platform.commons;
}
