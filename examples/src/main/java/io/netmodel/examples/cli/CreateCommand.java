package io.netmodel.examples.cli;

import io.netmodel.api.Networking;
import io.netmodel.api.Sandbox;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code netmodel create}: make a sandbox that stays until {@code rm}; print its name. */
@Command(
    name = "create",
    mixinStandardHelpOptions = true,
    description = "Make a sandbox that stays until `netmodel rm`; print its name.")
final class CreateCommand implements Callable<Integer> {
  @Mixin SandboxOptions sandbox = new SandboxOptions();

  @ParentCommand Main main;

  @Override
  public Integer call() {
    try (Networking net = main.global.open()) {
      Sandbox created = net.createSandbox(sandbox.toSpec(net));
      System.out.println(created.name());
      return 0;
    }
  }
}
