package io.netmodel.examples.tour;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What the tour prints, and the tally of its claims. Colour (ANSI) only when stdout is a
 * terminal and {@code NO_COLOR} is not set. Text is UTF-8 whatever the locale: the ✓ and ✗
 * marks and the document's mode names need it. Used from one thread at a time.
 */
final class Screen {
  private static final String RESET = "\u001b[0m";
  private static final String BOLD = "\u001b[1m";
  private static final String DIM = "\u001b[2m";
  private static final String RED = "\u001b[31m";
  private static final String GREEN = "\u001b[32m";
  private static final String YELLOW = "\u001b[33m";
  private static final String CYAN = "\u001b[36m";

  private static final String INDENT = "  ";
  private static final String OUTPUT_INDENT = "      ";

  private final PrintStream out;
  private final boolean colour;
  private int checked;
  private int held;

  Screen(PrintStream out, boolean colour) {
    this.out = out;
    this.colour = colour;
  }

  /**
   * The screen on {@link System#out} as it is now: its text encoded as UTF-8 and written to
   * it as bytes, which a PrintStream passes on unchanged.
   */
  static Screen onStdout() {
    String noColour = System.getenv("NO_COLOR");
    boolean terminal = System.console() != null && (noColour == null || noColour.isEmpty());
    return new Screen(new PrintStream(System.out, true, StandardCharsets.UTF_8), terminal);
  }

  void title(String text) {
    out.println(paint(BOLD, text));
  }

  void heading(String text) {
    out.println();
    out.println(paint(BOLD + CYAN, text));
  }

  void line(String text) {
    out.println(INDENT + text);
  }

  void blank() {
    out.println();
  }

  /** A line of an unavailable mode: said once, not a claim. */
  void notYet(String heading) {
    out.println();
    out.println(paint(BOLD, heading) + "  " + paint(YELLOW, "not yet available in this version"));
  }

  /** A line of a mode this kernel cannot make, with the library's reason: not a claim. */
  void unavailable(String heading, String reason) {
    out.println();
    out.println(paint(BOLD, heading) + "  " + paint(YELLOW, "refused here: " + reason));
  }

  /** Commands, each on its own line after a prompt, dimmed. */
  void commands(String label, List<String> commands) {
    out.println(INDENT + paint(DIM, label));
    for (String command : commands) {
      out.println(INDENT + "  " + paint(DIM, "$ ") + command);
    }
  }

  /** A command run inside a sandbox and what it printed, indented below it. */
  void output(String command, String output) {
    out.println(INDENT + paint(DIM, "$ ") + command);
    String text = output.stripTrailing();
    if (text.isEmpty()) {
      out.println(OUTPUT_INDENT + paint(DIM, "(prints nothing)"));
      return;
    }
    for (String line : text.split("\n", -1)) {
      out.println(OUTPUT_INDENT + line);
    }
  }

  /** Claims, marked and counted, their evidence aligned in one column. */
  void claims(List<Claim> claims) {
    int width = claims.stream().mapToInt(c -> c.statement().length()).max().orElse(0);
    out.println();
    for (Claim claim : claims) {
      checked++;
      if (claim.holds()) {
        held++;
      }
      String mark = claim.holds() ? paint(GREEN, "✓") : paint(RED + BOLD, "✗");
      String padded =
          claim.statement() + " ".repeat(width - claim.statement().length());
      out.println(INDENT + mark + " " + padded + "   " + paint(DIM, claim.evidence()));
    }
  }

  /** The closing tally: {@code N claims checked, M hold}. */
  void summary() {
    out.println();
    String text = checked + " claims checked, " + held + " hold";
    out.println(paint(BOLD + (allHold() ? GREEN : RED), text));
  }

  boolean allHold() {
    return checked > 0 && checked == held;
  }

  void flush() {
    out.flush();
  }

  private String paint(String style, String text) {
    return colour ? style + text + RESET : text;
  }
}
