package io.netmodel.examples.cli;

import io.netmodel.examples.tour.Tour;
import io.netmodel.examples.tour.TourOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code netmodel tour}: the source document's walkthrough, live; see {@link Tour}. */
@Command(
    name = "tour",
    mixinStandardHelpOptions = true,
    description = {
      "The source document's walkthrough, live: every mode, what `ip addr` shows inside,"
          + " each claim checked and marked, everything removed afterwards (unless --keep).",
      "It works in throwaway namespaces under a temporary directory (--state-dir and"
          + " --netns-dir do not apply) and never changes this machine's own network. Not"
          + " root: it runs itself inside a user namespace. With --fake it needs neither.",
      "Exit status: 0 when every claim holds, 1 when one does not, 125 when the tour cannot run."
    })
final class TourCommand implements Callable<Integer> {
  @Option(
      names = "--fake",
      description =
          "Run the same chapters and claims on the testkit's fake kernel, in memory: no root,"
              + " no namespace, nothing on this machine touched.")
  boolean fake;

  @Option(
      names = "--keep",
      description =
          "Leave the sandboxes and namespaces for exploring, and print how to remove them.")
  boolean keep;

  @Override
  public Integer call() {
    return Tour.run(new TourOptions(fake, keep));
  }
}
