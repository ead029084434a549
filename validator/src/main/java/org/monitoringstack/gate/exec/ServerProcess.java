package org.monitoringstack.gate.exec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * A long-running child process (a private etcd, kube-apiserver or operator): started with its
 * output (stdout and stderr merged) kept in memory, and stopped by its own PID, with its
 * descendants, when closed. Closing is idempotent and is what every owner does in a {@code
 * finally} or try-with-resources, so that no server outlives the run that started it.
 */
public final class ServerProcess implements AutoCloseable {

  /** Lines of output kept; older lines are dropped. */
  static final int MAX_LINES = 50_000;
  private static final Duration GRACE = Duration.ofSeconds(5);

  private final Process process;
  private final Deque<String> lines = new ArrayDeque<>();
  private final Thread drain;

  private ServerProcess(String name, Process process) {
    this.process = process;
    this.drain = new Thread(this::drain, "server-log-" + name);
    this.drain.setDaemon(true);
    this.drain.start();
  }

  /**
   * Starts {@code command} in {@code workDir}, with the JVM's environment.
   *
   * @throws ToolException when it cannot start
   */
  public static ServerProcess start(String name, List<String> command, Path workDir) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true)
          .directory(workDir.toFile()).start();
      process.getOutputStream().close();
      return new ServerProcess(name, process);
    } catch (IOException e) {
      throw new ToolException("cannot start " + name + " (`" + String.join(" ", command)
          + "`): " + e.getMessage(), e);
    }
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** The exit code, when it has exited. */
  public OptionalInt exitCode() {
    return process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
  }

  /** Every line it has printed so far (at most {@link #MAX_LINES}, the latest). */
  public List<String> log() {
    settle();
    synchronized (this) {
      return new ArrayList<>(lines);
    }
  }

  /** The last {@code n} lines it printed, one per line, for messages. */
  public String tail(int n) {
    List<String> all = log();
    List<String> last = all.subList(Math.max(0, all.size() - n), all.size());
    return String.join("\n", last);
  }

  /**
   * Stops it: SIGTERM to its PID and its descendants, then SIGKILL to whatever is still alive
   * after a grace period. Waits until it has exited.
   */
  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    children.forEach(ProcessHandle::destroy);
    try {
      if (!process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    } finally {
      children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }
  }

  /** Once it has exited, waits (briefly) until its last output has been read. */
  private void settle() {
    if (!process.isAlive()) {
      try {
        drain.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void drain() {
    try (BufferedReader reader = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        synchronized (this) {
          lines.addLast(line);
          if (lines.size() > MAX_LINES) {
            lines.removeFirst();
          }
        }
      }
    } catch (IOException e) {
      // the process ended; what it printed is kept
    }
  }
}
