package io.netmodel.examples.tour;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;

/**
 * A finished process of the tour's ITs: its status and what it printed (stdin closed at once,
 * stdout and stderr read as it runs; a process that outlives {@link #TIMEOUT_SECONDS} fails the
 * test with what it printed).
 */
record Run(int status, String out, String err) {
  static final long TIMEOUT_SECONDS = 120;

  static Run of(ProcessBuilder builder) throws Exception {
    Process process = builder.start();
    process.getOutputStream().close();
    CompletableFuture<String> out = readLater(process.getInputStream());
    CompletableFuture<String> err = readLater(process.getErrorStream());
    if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      Assertions.fail(
          builder.command() + " did not finish in " + TIMEOUT_SECONDS + " s; printed:\n"
              + out.getNow("") + err.getNow(""));
    }
    return new Run(
        process.exitValue(), out.get(10, TimeUnit.SECONDS), err.get(10, TimeUnit.SECONDS));
  }

  private static CompletableFuture<String> readLater(InputStream stream) {
    CompletableFuture<String> text = new CompletableFuture<>();
    Thread reader = new Thread(() -> text.complete(read(stream)), "tour-it-reader");
    reader.setDaemon(true);
    reader.start();
    return text;
  }

  private static String read(InputStream stream) {
    try (stream) {
      return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }

  @Override
  public String toString() {
    return "status " + status + "\n--- stdout:\n" + out + "\n--- stderr:\n" + err;
  }
}
