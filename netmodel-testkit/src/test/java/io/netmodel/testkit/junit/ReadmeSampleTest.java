package io.netmodel.testkit.junit;

import static io.netmodel.testkit.assertions.NetmodelAssertions.assertThat;

import io.netmodel.api.Networking;
import io.netmodel.api.Sandbox;
import io.netmodel.api.SandboxSpec;
import io.netmodel.api.mode.NetworkMode;
import io.netmodel.testkit.kernel.FakeKernel;
import org.junit.jupiter.api.Test;

/** The extension sample of README.md, kept here so that it cannot rot. */
class ReadmeSampleTest {
  @FakeNet Networking net;
  @FakeNet FakeKernel kernel;   // the kernel beneath net
  @Test void quietSandboxHasOnlyLoopback() {
    Sandbox quiet = net.createSandbox(SandboxSpec.of(NetworkMode.parse("none")).withName("quiet"));
    assertThat(quiet).isInMode("none").namespace(kernel).hasOnlyLinks("lo").hasNoRoutes();
  }
}
