package org.monitoringstack.gate.exec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** The real {@link ProcessRunner}: {@link ProcessBuilder}, both streams drained concurrently. */
public final class SystemProcessRunner implements ProcessRunner {

  @Override
  public ProcessResult run(ProcessSpec spec) {
    // a null directory inherits the JVM's
    ProcessBuilder builder = new ProcessBuilder(spec.command())
        .directory(spec.workingDir() == null ? null : spec.workingDir().toFile());
    builder.environment().putAll(spec.environment());
    long start = System.nanoTime();
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new ToolException(
          "cannot run `" + spec.display() + "`: " + e.getMessage(), e);
    }
    CompletableFuture<String> stdout = drain(process.getInputStream());
    CompletableFuture<String> stderr = drain(process.getErrorStream());
    try {
      process.getOutputStream().close(); // no input: a tool that reads stdin sees its end
    } catch (IOException e) {
      // the process may already have exited; what it printed tells the rest
    }
    try {
      if (!process.waitFor(spec.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
        throw new ProcessTimeoutException(
            "`" + spec.display() + "` did not finish within " + human(spec.timeout())
                + " and was stopped", spec.timeout());
      }
      int exit = process.exitValue();
      return new ProcessResult(
          spec.command(), exit, stdout.get(), stderr.get(),
          Duration.ofNanos(System.nanoTime() - start));
    } catch (InterruptedException e) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new ToolException("interrupted while running `" + spec.display() + "`", e);
    } catch (ExecutionException e) {
      throw new ToolException(
          "cannot read the output of `" + spec.display() + "`: " + e.getCause().getMessage(), e);
    }
  }

  private static CompletableFuture<String> drain(InputStream stream) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (stream) {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            stream.transferTo(buffer);
            return buffer.toString(StandardCharsets.UTF_8);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        },
        DRAINERS);
  }

  private static final java.util.concurrent.Executor DRAINERS =
      java.util.concurrent.Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "process-drain");
            t.setDaemon(true);
            return t;
          });

  private static String human(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }
}
