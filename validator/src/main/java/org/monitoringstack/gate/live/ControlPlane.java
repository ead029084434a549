package org.monitoringstack.gate.live;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.monitoringstack.gate.exec.Folders;
import org.monitoringstack.gate.exec.ServerProcess;
import org.monitoringstack.gate.exec.ToolException;

/**
 * A private Kubernetes control plane on loopback: one etcd and one kube-apiserver, each on a free
 * port, with a fresh data folder, a service-account signing key and an admin token generated for
 * this instance alone (the API server makes its own serving certificate). Closing it stops both
 * processes by their PIDs and deletes the folder; it is closed on every path, failures included.
 */
final class ControlPlane implements AutoCloseable {

  /** The service-account token issuer, as in a cluster made by kubeadm or kind. */
  static final String ISSUER = "https://kubernetes.default.svc.cluster.local";

  private final Path dir;
  private final List<ServerProcess> processes = new ArrayList<>();
  private URI server;
  private KubeApi api;

  private ControlPlane(Path dir) {
    this.dir = dir;
  }

  /**
   * Starts etcd and the API server and waits until {@code /readyz} answers 200.
   *
   * @throws ToolException when either does not start or become ready within {@code timeout};
   *     the message has the end of its log, and nothing is left running
   */
  static ControlPlane start(Path etcd, Path apiserver, Duration timeout, Consumer<String> progress) {
    Path dir;
    try {
      dir = Files.createTempDirectory("gitops-live-");
    } catch (IOException e) {
      throw new ToolException("cannot create a folder for the private API server: "
          + e.getMessage(), e);
    }
    ControlPlane plane = new ControlPlane(dir);
    try {
      plane.boot(etcd, apiserver, timeout, progress);
      return plane;
    } catch (RuntimeException e) {
      plane.close();
      throw e;
    }
  }

  URI server() {
    return server;
  }

  KubeApi api() {
    return api;
  }

  Path dir() {
    return dir;
  }

  /** The API server's own certificate (a CA for clients: kubeconfig, the operator). */
  Path servingCertificate() {
    return dir.resolve("certs/apiserver.crt");
  }

  /** PIDs of the processes it started (for tests and messages). */
  List<Long> pids() {
    return processes.stream().map(ServerProcess::pid).toList();
  }

  private void boot(Path etcd, Path apiserver, Duration timeout, Consumer<String> progress) {
    long deadline = System.nanoTime() + timeout.toNanos();
    int[] ports = freePorts(3);
    int client = ports[0];
    int peer = ports[1];
    int secure = ports[2];
    writeKeys();
    String adminToken = randomToken();
    write("tokens.csv", adminToken + ",live-admin,live-admin,\"system:masters\"\n");

    ServerProcess etcdProcess = ServerProcess.start("etcd", List.of(etcd.toString(),
        "--name=live",
        "--data-dir=" + dir.resolve("etcd"),
        "--listen-client-urls=http://127.0.0.1:" + client,
        "--advertise-client-urls=http://127.0.0.1:" + client,
        "--listen-peer-urls=http://127.0.0.1:" + peer,
        "--initial-advertise-peer-urls=http://127.0.0.1:" + peer,
        "--initial-cluster=live=http://127.0.0.1:" + peer,
        "--unsafe-no-fsync",
        "--log-level=warn"), dir);
    processes.add(etcdProcess);
    HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    waitFor("etcd", etcdProcess, deadline, () -> {
      try {
        HttpResponse<String> r = plain.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + client + "/health"))
            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200 && r.body().contains("true");
      } catch (IOException e) {
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    });

    ServerProcess api = ServerProcess.start("kube-apiserver", List.of(apiserver.toString(),
        "--etcd-servers=http://127.0.0.1:" + client,
        "--bind-address=127.0.0.1",
        "--advertise-address=127.0.0.1",
        "--secure-port=" + secure,
        "--cert-dir=" + dir.resolve("certs"),
        "--service-cluster-ip-range=10.96.0.0/16",
        "--service-account-issuer=" + ISSUER,
        "--service-account-key-file=" + dir.resolve("sa.pub"),
        "--service-account-signing-key-file=" + dir.resolve("sa.key"),
        "--token-auth-file=" + dir.resolve("tokens.csv"),
        "--authorization-mode=RBAC",
        // as kubeadm, kind and managed clusters run it: Pod Security admission decides
        "--allow-privileged=true",
        "--profiling=false",
        "--v=0"), dir);
    processes.add(api);
    server = URI.create("https://127.0.0.1:" + secure);
    waitFor("kube-apiserver", api, deadline, () -> Files.isRegularFile(servingCertificate()));
    this.api = new KubeApi(server, adminToken, servingCertificate());
    waitFor("kube-apiserver", api, deadline, () -> {
      try {
        return this.api.get("/readyz").status() == 200;
      } catch (ToolException e) {
        return false;
      }
    });
    progress.accept("private kube-apiserver ready at " + server + " (pids "
        + etcdProcess.pid() + ", " + api.pid() + ")");
  }

  private static void waitFor(
      String what, ServerProcess process, long deadline, Supplier<Boolean> ready) {
    while (!ready.get()) {
      if (!process.isAlive()) {
        throw new ToolException(what + " exited with code " + process.exitCode().orElse(-1)
            + " while starting:\n" + indent(process.tail(15)));
      }
      if (System.nanoTime() > deadline) {
        throw new ToolException(what + " was not ready in time; the end of its log:\n"
            + indent(process.tail(15)));
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ToolException("interrupted while waiting for " + what, e);
      }
    }
  }

  private void writeKeys() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      KeyPair pair = generator.generateKeyPair();
      write("sa.key", pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
      write("sa.pub", pem("PUBLIC KEY", pair.getPublic().getEncoded()));
    } catch (NoSuchAlgorithmException e) {
      throw new ToolException("this Java has no RSA key generator: " + e.getMessage(), e);
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  private void write(String name, String text) {
    try {
      Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ToolException("cannot write " + dir.resolve(name) + ": " + e.getMessage(), e);
    }
  }

  private static String randomToken() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /** {@code n} distinct free ports on loopback. */
  static int[] freePorts(int n) {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
      }
      return sockets.stream().mapToInt(ServerSocket::getLocalPort).toArray();
    } catch (IOException e) {
      throw new ToolException("cannot find a free port on loopback: " + e.getMessage(), e);
    } finally {
      for (ServerSocket s : sockets) {
        try {
          s.close();
        } catch (IOException e) {
          // closing a probe socket cannot matter
        }
      }
    }
  }

  /** Stops the API server, then etcd (each by its PID), and deletes the data folder. */
  @Override
  public void close() {
    for (int i = processes.size() - 1; i >= 0; i--) {
      processes.get(i).close();
    }
    Folders.deleteQuietly(dir);
  }

  static String indent(String text) {
    return text.isBlank() ? "  (no output)" : "  " + text.replace("\n", "\n  ");
  }
}
