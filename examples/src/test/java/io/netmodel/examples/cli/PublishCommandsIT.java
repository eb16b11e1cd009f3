package io.netmodel.examples.cli;

import static io.netmodel.examples.cli.NetworkCommandsIT.JSON;
import static io.netmodel.examples.cli.NetworkCommandsIT.createNetwork;
import static io.netmodel.examples.cli.NetworkCommandsIT.createSandbox;
import static io.netmodel.examples.cli.RunCommandIT.names;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.netmodel.examples.cli.Netmodel.Outcome;
import io.netmodel.examples.cli.NetworkCommandsIT.Cli;
import io.netmodel.testkit.junit.KernelPrivilege;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run -p}, {@code create -p}, and the published ports in {@code ps} and {@code inspect},
 * on the real kernel through the packaged jar, inside a throwaway host namespace ({@link Cli}).
 * Beside it an "outside" namespace plays another machine, joined to the host by a veth
 * ({@value #HOST_END} on the host, {@value #OUTSIDE_END} outside). Published ports are proved
 * with real TCP exchanges: a {@link PortServer} JVM inside the sandbox (started with {@code
 * netmodel exec} or as {@code netmodel run}'s command: the tests' JVM cannot enter a namespace,
 * and CI has no {@code nc}) answers a client that is bash's {@code /dev/tcp} under {@code
 * nsenter}, on the host or outside. {@code nft -j list ruleset} in the host is the witness of
 * the rules, independent of netmodel.
 */
class PublishCommandsIT {
  private static final String HOST_END = "10.213.70.1";
  private static final String OUTSIDE_END = "10.213.70.2";
  private static final long CONNECT_SECONDS = 30;

  @TempDir Path temp;
  private Cli cli;
  private String outside;
  private final List<Process> servers = new ArrayList<>();

  @BeforeEach
  void hostAndOutside() throws Exception {
    KernelPrivilege.requireNamespaceAdmin();
    cli = Cli.in(temp);
    outside = "nmit-out-" + Integer.toHexString(ThreadLocalRandom.current().nextInt());
    String host = cli.hostNamespace();
    ok("ip", "netns", "add", outside);
    ok("ip", "-n", host, "link", "add", "nmit-up0", "type", "veth", "peer", "name", "nmit-up1",
        "netns", outside);
    ok("ip", "-n", host, "addr", "add", HOST_END + "/24", "dev", "nmit-up0");
    ok("ip", "-n", host, "link", "set", "nmit-up0", "up");
    ok("ip", "-n", outside, "addr", "add", OUTSIDE_END + "/24", "dev", "nmit-up1");
    ok("ip", "-n", outside, "link", "set", "nmit-up1", "up");
    ok("ip", "-n", outside, "link", "set", "lo", "up");
  }

  @AfterEach
  void removeWhatIsLeft() throws Exception {
    for (Process server : servers) {
      server.destroy();
      server.waitFor(10, TimeUnit.SECONDS);
    }
    try {
      if (outside != null) {
        Netmodel.exec("ip", "netns", "del", outside);
      }
    } finally {
      if (cli != null) {
        cli.close();
      }
    }
  }

  @Test
  void createPublishesAPortThatAnswersFromTheHostAndFromOutside() throws Exception {
    createNetwork(cli, "nmit-pub", "--subnet", "10.213.61.0/24");
    createSandbox(cli, "nmit-web", "--network", "nmit-pub", "-p", "8080:80");
    startServerWithExec("nmit-web", 80, "hello from nmit-web", 2);

    Optional<String> fromHost = connect(cli.hostNamespace(), "127.0.0.1", 8080);
    Optional<String> fromOutside = connect(outside, HOST_END, 8080);

    assertThat(fromHost).as("host -> 127.0.0.1:8080").isPresent();
    assertThat(fromHost.get()).startsWith("hello from nmit-web, you are ");
    assertThat(fromOutside)
        .as("outside -> " + HOST_END + ":8080: the outside's own address reaches the sandbox")
        .contains("hello from nmit-web, you are " + OUTSIDE_END);
    assertThat(psPorts("nmit-web")).isEqualTo("0.0.0.0:8080->80/tcp");
    JsonNode ports = inspect("nmit-web").path("NetworkSettings").path("Ports");
    assertThat(ports.toString())
        .isEqualTo("{\"80/tcp\":[{\"HostIp\":\"0.0.0.0\",\"HostPort\":\"8080\"}]}");
    assertThat(texts(inspect("nmit-web").path("Endpoints").get(0).path("Ports")))
        .containsExactly("8080:80/tcp");
    assertThat(publishedInRules()).as("dports of the host's rules").contains(8080);
  }

  @Test
  void runPublishesAPortForAsLongAsItsCommandRuns() throws Exception {
    createNetwork(cli, "nmit-pubrun", "--subnet", "10.213.63.0/24");
    List<String> args =
        new ArrayList<>(
            List.of("run", "--rm", "--name", "nmit-srv", "--network", "nmit-pubrun", "-p",
                "8081:80", "--"));
    args.addAll(PortServer.command(80, "hello from run", 1));
    Process run = start(args);

    Optional<String> fromOutside = connect(outside, HOST_END, 8081);

    assertThat(fromOutside).contains("hello from run, you are " + OUTSIDE_END);
    assertThat(run.waitFor(Netmodel.TIMEOUT_SECONDS, TimeUnit.SECONDS))
        .as("run ends with its command").isTrue();
    assertThat(run.exitValue()).as("run exits with its command's status").isZero();
    assertThat(names(cli.run("ps", "--format", "json"))).doesNotContain("nmit-srv");
    assertThat(publishedInRules()).as("--rm took the port's rules away").doesNotContain(8081);
  }

  @Test
  void anEphemeralHostPortIsChosenAndShownByPsAndInspect() throws Exception {
    createNetwork(cli, "nmit-eph", "--subnet", "10.213.64.0/24");
    createSandbox(
        cli, "nmit-e", "--network", "nmit-eph", "-p", "80", "-p", "127.0.0.1::53/udp");
    int[] range = ephemeralRange();

    String ps = psPorts("nmit-e");

    Matcher m =
        Pattern.compile("127\\.0\\.0\\.1:(\\d+)->53/udp, 0\\.0\\.0\\.0:(\\d+)->80/tcp")
            .matcher(ps);
    assertThat(m.matches()).as("ps PORTS, by sandbox port as Docker orders them: " + ps).isTrue();
    int udp = Integer.parseInt(m.group(1));
    int tcp = Integer.parseInt(m.group(2));
    assertThat(tcp).as("from net.ipv4.ip_local_port_range").isBetween(range[0], range[1]);
    assertThat(udp).as("from net.ipv4.ip_local_port_range").isBetween(range[0], range[1]);
    JsonNode ports = inspect("nmit-e").path("NetworkSettings").path("Ports");
    assertThat(ports.path("80/tcp").toString())
        .isEqualTo("[{\"HostIp\":\"0.0.0.0\",\"HostPort\":\"" + tcp + "\"}]");
    assertThat(ports.path("53/udp").toString())
        .isEqualTo("[{\"HostIp\":\"127.0.0.1\",\"HostPort\":\"" + udp + "\"}]");
    assertThat(publishedInRules()).contains(tcp, udp);
  }

  @Test
  void aDualStackSandboxPublishesOnBothFamilies() throws Exception {
    createNetwork(
        cli, "nmit-pub6", "--ipv6", "--subnet", "10.213.65.0/24", "--subnet", "fd00:213:65::/64");
    createSandbox(cli, "nmit-w6", "--network", "nmit-pub6", "-p", "8082:80");

    assertThat(psPorts("nmit-w6")).isEqualTo("0.0.0.0:8082->80/tcp, [::]:8082->80/tcp");
    assertThat(inspect("nmit-w6").path("NetworkSettings").path("Ports").toString())
        .isEqualTo(
            "{\"80/tcp\":[{\"HostIp\":\"0.0.0.0\",\"HostPort\":\"8082\"},"
                + "{\"HostIp\":\"::\",\"HostPort\":\"8082\"}]}");
  }

  @Test
  void aHostPortPublishedAlreadyIsRefusedUntilItsSandboxIsRemoved() throws Exception {
    createNetwork(cli, "nmit-clash", "--subnet", "10.213.66.0/24");
    createSandbox(cli, "nmit-first", "--network", "nmit-clash", "-p", "8080:80");

    Outcome second =
        cli.run("create", "--name", "nmit-second", "--network", "nmit-clash", "-p", "8080:80");

    assertThat(second.status()).as(second.toString()).isEqualTo(125);
    assertThat(second.errLines()).as(second.toString()).hasSize(1);
    assertThat(second.errLines().get(0)).startsWith("netmodel: ").contains("8080");
    assertThat(second.err()).doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(second.out()).isEmpty();
    assertThat(names(cli.run("ps", "--format", "json"))).containsExactly("nmit-first");
    assertThat(cli.netmodel().namespaceFiles()).containsExactly("nmit-first");

    Outcome rm = cli.run("rm", "nmit-first");
    assertThat(rm.status()).as(rm.toString()).isZero();
    assertThat(publishedInRules()).as("rm took the port's rules away").doesNotContain(8080);
    createSandbox(cli, "nmit-second", "--network", "nmit-clash", "-p", "8080:80");
    startServerWithExec("nmit-second", 80, "hello from nmit-second", 1);

    assertThat(connect(outside, HOST_END, 8080))
        .contains("hello from nmit-second, you are " + OUTSIDE_END);
    assertThat(psPorts("nmit-second")).isEqualTo("0.0.0.0:8080->80/tcp");
  }

  /** README's sample: create -p on the default bridge, ps, rm. */
  @Test
  void theReadmeSamplePublishesAPortOnTheDefaultBridge() throws Exception {
    createSandbox(cli, "web", "-p", "8080:80");

    String ports = psPorts("web");
    Outcome rm = cli.run("rm", "web");

    assertThat(ports).isEqualTo("0.0.0.0:8080->80/tcp");
    assertThat(rm.status()).as(rm.toString()).isZero();
    assertThat(publishedInRules()).doesNotContain(8080);
  }

  @Test
  void anInternalNetworkRefusesToPublish() throws Exception {
    createNetwork(cli, "nmit-inner", "--subnet", "10.213.67.0/24", "--internal");

    Outcome create =
        cli.run("create", "--name", "nmit-in", "--network", "nmit-inner", "-p", "8080:80");

    assertThat(create.status()).as(create.toString()).isEqualTo(125);
    assertThat(create.errLines()).as(create.toString()).hasSize(1);
    assertThat(create.errLines().get(0)).startsWith("netmodel: ").contains("internal");
    assertThat(names(cli.run("ps", "--format", "json"))).doesNotContain("nmit-in");
  }

  // ---- helpers ---------------------------------------------------------------------------

  private static void ok(String... command) throws Exception {
    Outcome o = Netmodel.exec(command);
    assertThat(o.status()).as(o.toString()).isZero();
  }

  /** Starts {@code netmodel ARGS} in the throwaway host without waiting for it. */
  private Process start(List<String> args) throws Exception {
    List<String> command =
        new ArrayList<>(List.of("nsenter", "--net=/run/netns/" + cli.hostNamespace(), "--"));
    command.addAll(cli.netmodel().command(args.toArray(String[]::new)));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getOutputStream().close();
    servers.add(p);
    return p;
  }

  /**
   * Starts a {@link PortServer} inside {@code sandbox} with {@code netmodel exec} and waits
   * until it listens.
   */
  private void startServerWithExec(String sandbox, int port, String greeting, int count)
      throws Exception {
    List<String> args = new ArrayList<>(List.of("exec", sandbox, "--"));
    args.addAll(PortServer.command(port, greeting, count));
    Process server = start(args);
    BufferedReader out =
        new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<String> first =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                String line = out.readLine();
                return line == null ? "(ended: " + server.waitFor() + ")" : line;
              } catch (Exception e) {
                return "(unreadable: " + e + ")";
              }
            });
    String line = first.get(Netmodel.TIMEOUT_SECONDS, TimeUnit.SECONDS);
    assertThat(line).as("the server in " + sandbox).isEqualTo("listening on " + port);
  }

  /**
   * Connects from namespace {@code ns} to {@code address:port} with bash's {@code /dev/tcp}
   * and returns the line read; tries again while the connection is refused (a server still
   * starting), for up to {@value #CONNECT_SECONDS} s.
   */
  private static Optional<String> connect(String ns, String address, int port) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CONNECT_SECONDS);
    Outcome last;
    do {
      last =
          Netmodel.exec(
              "nsenter", "--net=/run/netns/" + ns, "timeout", "10", "bash", "-c",
              "exec 3<>\"/dev/tcp/$1/$2\" && head -n1 <&3", "client", address,
              Integer.toString(port));
      if (last.status() == 0 && !last.out().isBlank()) {
        return Optional.of(last.out().strip());
      }
      Thread.sleep(200);
    } while (System.nanoTime() < deadline);
    System.err.println("no answer from " + address + ":" + port + " in " + ns + ":\n" + last);
    return Optional.empty();
  }

  /** The PORTS column of {@code sandbox}'s row in {@code ps}. */
  private String psPorts(String sandbox) throws Exception {
    Outcome ps = cli.run("ps");
    assertThat(ps.status()).as(ps.toString()).isZero();
    List<String> lines = ps.outLines();
    int at = lines.get(0).indexOf("PORTS");
    assertThat(at).as(ps.toString()).isPositive();
    for (String row : lines.subList(1, lines.size())) {
      if (row.startsWith(sandbox + " ")) {
        return row.substring(at).strip();
      }
    }
    return Assertions.fail("no row for " + sandbox + ":\n" + ps);
  }

  private JsonNode inspect(String name) throws Exception {
    Outcome inspect = cli.run("inspect", name);
    assertThat(inspect.status()).as(inspect.toString()).isZero();
    return JSON.readTree(inspect.out());
  }

  /**
   * The destination ports the host's nf_tables rules match, read with {@code nft -j list
   * ruleset} in the throwaway host: the right side of every {@code th/tcp/udp/sctp dport}
   * match (a number, a range or an anonymous set), and the elements of every named set or map
   * keyed by {@code inet_service}.
   */
  private Set<Integer> publishedInRules() throws Exception {
    Outcome nft =
        Netmodel.exec("ip", "netns", "exec", cli.hostNamespace(), "nft", "-j", "list", "ruleset");
    assertThat(nft.status()).as(nft.toString()).isZero();
    Set<Integer> ports = new TreeSet<>();
    collectPorts(JSON.readTree(nft.out()), ports);
    return ports;
  }

  private static void collectPorts(JsonNode node, Set<Integer> ports) {
    if (node.isObject()) {
      JsonNode match = node.path("match");
      if (match.path("left").path("payload").path("field").asText().equals("dport")) {
        addValues(match.path("right"), ports);
      }
      for (String kind : List.of("set", "map")) {
        JsonNode named = node.path(kind);
        if (named.isObject() && named.path("type").toString().contains("inet_service")) {
          for (JsonNode elem : named.path("elem")) {
            addValues(elem.isArray() ? elem.get(0) : elem, ports);
          }
        }
      }
    }
    node.forEach(child -> collectPorts(child, ports));
  }

  /** A port, {@code {"range": [A, B]}}, {@code {"set": [...]}} or a concatenation's first. */
  private static void addValues(JsonNode value, Set<Integer> ports) {
    if (value.isInt()) {
      ports.add(value.asInt());
    } else if (value.has("range")) {
      for (int p = value.path("range").get(0).asInt(); p <= value.path("range").get(1).asInt();
          p++) {
        ports.add(p);
      }
    } else if (value.has("set")) {
      value.path("set").forEach(v -> addValues(v, ports));
    } else if (value.has("elem")) {
      addValues(value.path("elem").path("val"), ports);
    }
  }

  /** net.ipv4.ip_local_port_range of the throwaway host: the ephemeral ports. */
  private int[] ephemeralRange() throws Exception {
    Outcome range =
        Netmodel.exec(
            "ip", "netns", "exec", cli.hostNamespace(), "cat",
            "/proc/sys/net/ipv4/ip_local_port_range");
    assertThat(range.status()).as(range.toString()).isZero();
    String[] parts = range.out().strip().split("\\s+");
    return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
