package io.netmodel.examples.cli;

import static io.netmodel.examples.cli.RunCommandIT.assertOneNetmodelLineNaming;
import static io.netmodel.examples.cli.RunCommandIT.names;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netmodel.examples.cli.Netmodel.Outcome;
import io.netmodel.testkit.junit.KernelPrivilege;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code create}, {@code exec}, {@code ps}, {@code inspect} and {@code rm} on the real kernel,
 * through the packaged jar, one process per invocation as a user types them. Namespaces are
 * cross-checked with witnesses that do not go through netmodel: the namespace file's inode and
 * {@code nsenter}.
 */
class SandboxCommandsIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path temp;
  private Netmodel netmodel;

  @BeforeEach
  void privileged() {
    KernelPrivilege.requireNamespaceAdmin();
    netmodel = Netmodel.in(temp);
  }

  @AfterEach
  void removeWhatIsLeft() throws Exception {
    if (netmodel != null) {
      netmodel.cleanUp();
    }
  }

  @Test
  void createPrintsTheNameAndKeepsTheNamespaceAsAFile() throws Exception {
    Outcome create = netmodel.run("create", "--name", "con1", "--network", "none");

    assertThat(create.status()).as(create.toString()).isZero();
    assertThat(create.out()).isEqualTo("con1\n");
    assertThat(create.err()).isEmpty();
    assertThat(netmodel.namespaceFiles()).containsExactly("con1");
    Outcome inside =
        Netmodel.exec("nsenter", "--net=" + netmodel.netnsDir().resolve("con1"), "ip", "-br", "link");
    assertThat(inside.status()).as(inside.toString()).isZero();
    assertThat(inside.outLines()).as(inside.toString()).hasSize(1).first().asString().startsWith("lo ");
  }

  @Test
  void createWithoutANamePrintsTheNameItChose() throws Exception {
    Outcome create = netmodel.run("create", "--network", "none");

    assertThat(create.status()).as(create.toString()).isZero();
    String name = create.out().strip();
    assertThat(name).matches("[a-zA-Z0-9][a-zA-Z0-9_.-]*");
    assertThat(names(netmodel.run("ps", "--format", "json"))).containsExactly(name);
    assertThat(netmodel.namespaceFiles()).containsExactly(name);
  }

  @Test
  void containerModeRunJoinsTheNamedSandboxesNamespace() throws Exception {
    create("con1", "none");
    String expected = namespaceOfFile("con1");

    Outcome run =
        netmodel.run(
            "run", "--rm", "--network", "container:con1", "--", "readlink", "/proc/self/ns/net");

    assertThat(run.status()).as(run.toString()).isZero();
    assertThat(run.out().strip()).isEqualTo(expected);
    assertThat(inspect("con1").path("Namespace").path("Link").asText()).isEqualTo(expected);
    Outcome nsenter =
        Netmodel.exec(
            "nsenter",
            "--net=" + netmodel.netnsDir().resolve("con1"),
            "readlink",
            "/proc/self/ns/net");
    assertThat(nsenter.out().strip()).as(nsenter.toString()).isEqualTo(expected);
    // --rm removed the joining sandbox only: con1 and its namespace stay.
    assertThat(names(netmodel.run("ps", "--format", "json"))).containsExactly("con1");
    assertThat(netmodel.namespaceFiles()).containsExactly("con1");
  }

  @Test
  void containerModeSeesTheSameInterfaces() throws Exception {
    create("con1", "none");

    Outcome joined =
        netmodel.run("run", "--rm", "--network", "container:con1", "--", "ip", "-br", "addr");
    Outcome owner = netmodel.run("exec", "con1", "--", "ip", "-br", "addr");

    assertThat(joined.status()).as(joined.toString()).isZero();
    assertThat(owner.status()).as(owner.toString()).isZero();
    assertThat(joined.out()).isEqualTo(owner.out()).startsWith("lo ");
  }

  @Test
  void execRunsInsideTheSandboxesNamespace() throws Exception {
    create("con1", "none");

    Outcome exec = netmodel.run("exec", "con1", "--", "readlink", "/proc/self/ns/net");

    assertThat(exec.status()).as(exec.toString()).isZero();
    assertThat(exec.out().strip())
        .isEqualTo(namespaceOfFile("con1"))
        .isNotEqualTo(Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString());
  }

  @Test
  void execExitsWithTheCommandsStatusAndPassesStdin() throws Exception {
    create("con1", "none");

    Outcome status = netmodel.run("exec", "con1", "--", "sh", "-c", "exit 7");
    Outcome cat = netmodel.runWithInput("hello", "exec", "con1", "--", "cat");
    Outcome missing = netmodel.run("exec", "con1", "--", "no-such-command-netmodel-it");

    assertThat(status.status()).as(status.toString()).isEqualTo(7);
    assertThat(cat.out()).as(cat.toString()).isEqualTo("hello");
    assertThat(missing.status()).as(missing.toString()).isEqualTo(127);
    assertOneNetmodelLineNaming(missing, "no-such-command-netmodel-it");
  }

  @Test
  void stoppingExecStopsTheCommandAndKeepsTheSandbox() throws Exception {
    create("con1", "none");
    Path pidFile = temp.resolve("cmd.pid");
    String[] args = {"exec", "con1", "--", "sh", "-c", "echo $$ > " + pidFile + "; exec sleep 120"};
    Process netmodelProcess = netmodel.start(args);
    long pid = Netmodel.awaitPid(pidFile);

    netmodelProcess.destroy(); // SIGTERM
    Outcome exec = Outcome.of(netmodelProcess, "", netmodel.command(args));

    assertThat(exec.status()).as(exec.toString()).isEqualTo(143);
    assertThat(Netmodel.awaitEnd(pid, 10)).as("the command got SIGTERM and ended").isTrue();
    assertThat(names(netmodel.run("ps", "--format", "json"))).containsExactly("con1");
    assertThat(netmodel.namespaceFiles()).containsExactly("con1");
  }

  @Test
  void refusesToRemoveASandboxOthersShareUntilTheyAreGone() throws Exception {
    create("con1", "none");
    create("con2", "container:con1");

    Outcome refused = netmodel.run("rm", "con1");

    assertThat(refused.status()).as(refused.toString()).isEqualTo(125);
    assertOneNetmodelLineNaming(refused, "con2");
    assertThat(refused.err()).doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(names(netmodel.run("ps", "--format", "json"))).containsExactly("con1", "con2");
    assertThat(netmodel.namespaceFiles()).containsExactly("con1");

    Outcome rm2 = netmodel.run("rm", "con2");
    assertThat(rm2.status()).as(rm2.toString()).isZero();
    assertThat(rm2.out()).isEqualTo("con2\n");
    assertThat(netmodel.namespaceFiles()).as("con2 had no namespace of its own").containsExactly("con1");

    Outcome rm1 = netmodel.run("rm", "con1");
    assertThat(rm1.status()).as(rm1.toString()).isZero();
    assertThat(rm1.out()).isEqualTo("con1\n");
    assertThat(names(netmodel.run("ps", "--format", "json"))).isEmpty();
    assertThat(netmodel.namespaceFiles()).isEmpty();
    assertThat(netmodel.mountsBelow())
        .as("only the netns directory's own mount stays")
        .containsExactly(netmodel.netnsDir().toString());
  }

  @Test
  void rmRemovesSeveralAndPrintsEachName() throws Exception {
    create("a", "none");
    create("b", "none");

    Outcome rm = netmodel.run("rm", "a", "b");

    assertThat(rm.status()).as(rm.toString()).isZero();
    assertThat(rm.outLines()).containsExactly("a", "b");
    assertThat(netmodel.namespaceFiles()).isEmpty();
  }

  @Test
  void psListsTheSandboxesWithNameAndMode() throws Exception {
    create("con1", "none");
    create("con2", "container:con1");

    Outcome ps = netmodel.run("ps");

    assertThat(ps.status()).as(ps.toString()).isZero();
    List<String> lines = ps.outLines();
    assertThat(lines.get(0).split("\\s+")).as(ps.toString()).startsWith("NAME", "ID", "MODE");
    Map<String, String> modeByName = new LinkedHashMap<>();
    for (String row : lines.subList(1, lines.size())) {
      String[] cells = row.strip().split("\\s+");
      modeByName.put(cells[0], cells[2]);
    }
    assertThat(modeByName)
        .as(ps.toString())
        .containsExactly(Map.entry("con1", "none"), Map.entry("con2", "container:con1"));
  }

  @Test
  void psAsJsonListsTheSandboxesWithNameIdAndMode() throws Exception {
    create("con1", "none");
    create("con2", "container:con1");

    Outcome ps = netmodel.run("ps", "--format", "json");

    assertThat(ps.status()).as(ps.toString()).isZero();
    JsonNode list = JSON.readTree(ps.out());
    assertThat(list).as(ps.toString()).hasSize(2);
    Map<String, String> modeByName = new LinkedHashMap<>();
    for (JsonNode s : list) {
      modeByName.put(s.path("Name").asText(), s.path("Mode").asText());
      assertThat(s.path("Id").asText()).matches("[0-9a-f]{64}");
    }
    assertThat(modeByName)
        .containsExactly(Map.entry("con1", "none"), Map.entry("con2", "container:con1"));
  }

  @Test
  void psListsNothingWhenThereAreNoSandboxes() throws Exception {
    Outcome table = netmodel.run("ps");
    Outcome json = netmodel.run("ps", "--format", "json");

    assertThat(table.status()).as(table.toString()).isZero();
    assertThat(table.outLines()).as(table.toString()).hasSize(1).first().asString().startsWith("NAME");
    assertThat(JSON.readTree(json.out()).isArray()).isTrue();
    assertThat(names(json)).isEmpty();
  }

  @Test
  void inspectPrintsTheSandboxAsJson() throws Exception {
    create("con1", "none");
    create("con2", "container:con1");

    JsonNode con1 = inspect("con1");
    JsonNode con2 = inspect("con2");

    assertThat(con1.path("Name").asText()).isEqualTo("con1");
    assertThat(con1.path("Id").asText()).matches("[0-9a-f]{64}");
    assertThat(con1.path("Mode").asText()).isEqualTo("none");
    assertThat(con1.path("Namespace").path("Path").asText())
        .isEqualTo(netmodel.netnsDir().resolve("con1").toString());
    assertThat(con2.path("Name").asText()).isEqualTo("con2");
    assertThat(con2.path("Id").asText()).matches("[0-9a-f]{64}").isNotEqualTo(con1.path("Id").asText());
    assertThat(con2.path("Mode").asText()).isEqualTo("container:con1");
    assertThat(con2.path("SharesNamespaceOf").asText()).isEqualTo("con1");
    assertThat(con2.path("Namespace").path("Link").asText())
        .isEqualTo(con1.path("Namespace").path("Link").asText())
        .isEqualTo(namespaceOfFile("con1"));
  }

  @Test
  void concurrentCreatesAllSucceedAndAllAreRecorded() throws Exception {
    List<String> wanted = List.of("par1", "par2", "par3", "par4");
    List<Process> processes = new ArrayList<>();
    for (String name : wanted) {
      processes.add(netmodel.start("create", "--name", name, "--network", "none"));
    }
    for (int i = 0; i < wanted.size(); i++) {
      List<String> command = netmodel.command("create", "--name", wanted.get(i));
      Outcome create = Outcome.of(processes.get(i), "", command);
      assertThat(create.status()).as(create.toString()).isZero();
      assertThat(create.out()).isEqualTo(wanted.get(i) + "\n");
    }

    Outcome ps = netmodel.run("ps", "--format", "json");
    assertThat(names(ps)).as(ps.toString()).containsExactlyInAnyOrderElementsOf(wanted);
    List<String> namespaces =
        StreamSupport.stream(JSON.readTree(ps.out()).spliterator(), false)
            .map(s -> s.path("Namespace").path("Link").asText())
            .collect(Collectors.toList());
    assertThat(namespaces).as("each has a namespace of its own").doesNotHaveDuplicates();
    assertThat(netmodel.namespaceFiles()).containsExactlyInAnyOrderElementsOf(wanted);
  }

  private void create(String name, String mode) throws Exception {
    Outcome create = netmodel.run("create", "--name", name, "--network", mode);
    assertThat(create.status()).as(create.toString()).isZero();
    assertThat(create.out()).isEqualTo(name + "\n");
  }

  private JsonNode inspect(String name) throws Exception {
    Outcome inspect = netmodel.run("inspect", name);
    assertThat(inspect.status()).as(inspect.toString()).isZero();
    return JSON.readTree(inspect.out());
  }

  /** {@code net:[INODE]} of the namespace bound at {@code NETNS_DIR/name}, read by stat. */
  private String namespaceOfFile(String name) throws Exception {
    Object inode = Files.getAttribute(netmodel.netnsDir().resolve(name), "unix:ino");
    return "net:[" + inode + "]";
  }
}
