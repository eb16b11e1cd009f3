package io.netmodel.examples.orchestrator;

import io.netmodel.api.ConflictException;
import io.netmodel.api.NetmodelException;
import io.netmodel.api.Networking;
import io.netmodel.api.Sandbox;
import io.netmodel.api.SandboxSpec;
import io.netmodel.api.net.IpPrefix;
import io.netmodel.api.network.BridgeNetworkSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A small orchestrator, as a user of netmodel would write one: an application is a set of
 * services, each in its own sandbox, all on one bridge network of the application's own, so
 * its services reach each other and other applications' do not. It knows nothing of the
 * kernel: on {@code LinuxNetworking} it makes real namespaces, in its unit test ({@code
 * PodOrchestratorTest}) it runs on the testkit's fake.
 *
 * <pre>{@code
 * PodOrchestrator apps = new PodOrchestrator(net);
 * Deployment shop = apps.deploy("shop", List.of("web", "db"));
 * shop.addresses().get("db");   // 172.18.0.3/16
 * apps.teardown("shop");
 * }</pre>
 */
public final class PodOrchestrator {
  private final Networking net;

  public PodOrchestrator(Networking net) {
    this.net = Objects.requireNonNull(net, "net");
  }

  /**
   * What a deployment made.
   *
   * @param app the application
   * @param network its network's name (the application's name)
   * @param addresses each service's address on that network, in the order deployed
   */
  public record Deployment(String app, String network, Map<String, IpPrefix> addresses) {
    public Deployment {
      Objects.requireNonNull(app, "app");
      Objects.requireNonNull(network, "network");
      addresses = Map.copyOf(addresses);
    }
  }

  /**
   * Deploys {@code app}: its network, then one sandbox per service, named {@code
   * app-service}. All or nothing: if a step fails, what was made is removed again.
   *
   * @throws ConflictException if the application is already deployed
   */
  public Deployment deploy(String app, List<String> services) {
    if (net.network(app).isPresent()) {
      throw new ConflictException("application " + app + " is already deployed");
    }
    net.createNetwork(BridgeNetworkSpec.builder(app).build());
    List<String> made = new ArrayList<>();
    try {
      Map<String, IpPrefix> addresses = new LinkedHashMap<>();
      for (String service : services) {
        Sandbox sandbox =
            net.createSandbox(SandboxSpec.of(net.parseMode(app)).withName(app + "-" + service));
        made.add(sandbox.name());
        addresses.put(service, sandbox.endpoints().get(0).addresses().get(0));
      }
      return new Deployment(app, app, addresses);
    } catch (RuntimeException e) {
      for (String sandbox : made) {
        try {
          net.removeSandbox(sandbox);
        } catch (NetmodelException cleanup) {
          e.addSuppressed(cleanup);
        }
      }
      net.removeNetwork(app);
      throw e;
    }
  }

  /** Removes every sandbox of {@code app}, then its network; false if it was not deployed. */
  public boolean teardown(String app) {
    if (net.network(app).isEmpty()) {
      return false;
    }
    for (String sandbox : net.network(app).get().sandboxes()) {
      net.removeSandbox(sandbox);
    }
    net.removeNetwork(app);
    return true;
  }
}
