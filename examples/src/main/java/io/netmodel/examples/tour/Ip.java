package io.netmodel.examples.tour;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netmodel.api.namespace.NamespaceHandle;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * iproute2's {@code ip}, run inside a namespace through {@link NamespaceHandle#start}: to show
 * what a sandbox looks like, to read its state as JSON ({@code ip -j}), and to wire the tour's
 * own throwaway namespaces. The library itself never starts {@code ip}; the tour is a tool.
 */
final class Ip {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long TIMEOUT_SECONDS = 10;

  private Ip() {}

  /**
   * Runs {@code ip ARGS} inside {@code ns} and returns what it printed.
   *
   * @throws TourException if it cannot be started, fails or hangs, with its stderr
   */
  static String run(NamespaceHandle ns, String... args) {
    List<String> command = new ArrayList<>();
    command.add("ip");
    command.addAll(List.of(args));
    String shown = String.join(" ", command);
    Process process;
    try {
      process = ns.start(new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.PIPE));
    } catch (IOException e) {
      throw new TourException(
          "cannot run ip, of iproute2, which the tour needs: " + TourException.reasonOf(e), e);
    }
    try {
      process.getOutputStream().close();
      CompletableFuture<String> err = readLater(process.getErrorStream());
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new TourException("`" + shown + "` did not finish in " + TIMEOUT_SECONDS + " s");
      }
      if (process.exitValue() != 0) {
        throw new TourException(
            "`" + shown + "` failed with status " + process.exitValue() + ": "
                + err.join().strip());
      }
      return out;
    } catch (IOException e) {
      throw new TourException("reading the output of `" + shown + "` failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new TourException("interrupted while running `" + shown + "`", e);
    }
  }

  /**
   * Runs {@code ip -j ARGS} inside {@code ns} and returns the JSON array it printed (empty
   * when it printed nothing, as {@code ip -j neigh show} does for no entry).
   *
   * @throws TourException if it fails or does not print a JSON array
   */
  static JsonNode json(NamespaceHandle ns, String... args) {
    List<String> all = new ArrayList<>();
    all.add("-j");
    all.addAll(List.of(args));
    return parse(run(ns, all.toArray(String[]::new)), String.join(" ", all));
  }

  /** The interfaces and addresses inside {@code ns}, from {@code ip -j addr}. */
  static List<Interface> interfaces(NamespaceHandle ns) {
    return parseInterfaces(run(ns, "-j", "addr"));
  }

  /**
   * Reads what {@code ip -j addr} prints.
   *
   * @throws TourException if it is not a JSON array
   */
  static List<Interface> parseInterfaces(String json) {
    JsonNode links = parse(json, "-j addr");
    List<Interface> result = new ArrayList<>();
    for (JsonNode link : links) {
      List<String> addresses = new ArrayList<>();
      for (JsonNode address : link.path("addr_info")) {
        addresses.add(address.path("local").asText() + "/" + address.path("prefixlen").asInt());
      }
      result.add(new Interface(link.path("ifname").asText(), addresses));
    }
    return result;
  }

  /** The IPv4 routes of the main table inside {@code ns}, with their gateways. */
  static List<World.RouteEntry> routeTable(NamespaceHandle ns) {
    return parseRouteTable(run(ns, "-j", "route"));
  }

  /**
   * Reads what {@code ip -j route} prints, gateways included.
   *
   * @throws TourException if it is not a JSON array
   */
  static List<World.RouteEntry> parseRouteTable(String json) {
    List<World.RouteEntry> result = new ArrayList<>();
    for (JsonNode route : parse(json, "-j route")) {
      Optional<String> gateway =
          route.has("gateway") ? Optional.of(route.path("gateway").asText()) : Optional.empty();
      result.add(
          new World.RouteEntry(route.path("dst").asText(), gateway, route.path("dev").asText()));
    }
    return result;
  }

  /** The links inside {@code ns} with their kinds, from {@code ip -j -d link}. */
  static List<World.LinkEntry> links(NamespaceHandle ns) {
    return parseLinks(run(ns, "-j", "-d", "link"));
  }

  /**
   * Reads what {@code ip -j -d link} prints.
   *
   * @throws TourException if it is not a JSON array
   */
  static List<World.LinkEntry> parseLinks(String json) {
    List<World.LinkEntry> result = new ArrayList<>();
    for (JsonNode link : parse(json, "-j -d link")) {
      result.add(
          new World.LinkEntry(
              link.path("ifindex").asInt(),
              link.path("ifname").asText(),
              link.path("linkinfo").path("info_kind").asText(""),
              link.path("address").asText(""),
              link.has("link_index")
                  ? OptionalInt.of(link.path("link_index").asInt())
                  : OptionalInt.empty(),
              link.has("master")
                  ? Optional.of(link.path("master").asText())
                  : Optional.empty()));
    }
    return result;
  }

  /** The link-layer address of {@code address}'s neighbour entry on {@code device}. */
  static Optional<String> neighbour(NamespaceHandle ns, String address, String device) {
    JsonNode entries = json(ns, "neigh", "show", address, "dev", device);
    return entries.size() == 1 && entries.get(0).has("lladdr")
        ? Optional.of(entries.get(0).path("lladdr").asText())
        : Optional.empty();
  }

  private static JsonNode parse(String text, String args) {
    try {
      JsonNode node = JSON.readTree(text.isBlank() ? "[]" : text);
      if (!node.isArray()) {
        throw new TourException("`ip " + args + "` did not print a JSON array: " + text.strip());
      }
      return node;
    } catch (IOException e) {
      throw new TourException(
          "`ip " + args + "` printed something that is not JSON: " + e.getMessage(), e);
    }
  }

  private static CompletableFuture<String> readLater(InputStream stream) {
    CompletableFuture<String> result = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try (stream) {
                result.complete(new String(stream.readAllBytes(), StandardCharsets.UTF_8));
              } catch (IOException e) {
                result.complete("(stderr unreadable: " + e.getMessage() + ")");
              }
            },
            "tour-ip-stderr");
    reader.setDaemon(true);
    reader.start();
    return result;
  }
}
