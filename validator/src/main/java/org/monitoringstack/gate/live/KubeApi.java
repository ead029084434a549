package org.monitoringstack.gate.live;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.monitoringstack.gate.exec.ToolException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The few Kubernetes API calls the live stage makes, over HTTPS to the private API server on
 * loopback, trusting only the certificate that server generated for itself: server-side apply
 * (with or without {@code dryRun}), get, create, and discovery of the resource behind a kind.
 * The API server's answer is returned as data ({@link Outcome}); only a server that cannot be
 * reached is a {@link ToolException}.
 */
final class KubeApi {

  /** Server-side apply with this manager, the one Argo CD uses for its syncs. */
  static final String ARGO_CD_MANAGER = "argocd-controller";

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
  /** {@code 299 - "message"}: how the API server sends a warning (RFC 7234 warn-code 299). */
  private static final Pattern WARNING = Pattern.compile("^\\s*299\\s+\\S+\\s+\"(.*)\"\\s*$");

  private final URI server;
  private final String token;
  private final HttpClient http;
  private final Map<String, Kind> kinds = new ConcurrentHashMap<>();

  /** The answer to one call: HTTP status, the body as parsed JSON, and the warnings sent. */
  record Outcome(int status, Map<String, Object> body, List<String> warnings) {
    Outcome {
      warnings = List.copyOf(warnings);
    }

    boolean ok() {
      return status >= 200 && status < 300;
    }

    /** The {@code Status} message of a failed call, or the HTTP status. */
    String message() {
      Object message = body.get("message");
      return message instanceof String s && !s.isBlank() ? s : "HTTP " + status;
    }

    /** The {@code Status} reason ({@code Invalid}, {@code Forbidden}, {@code NotFound}...). */
    String reason() {
      Object reason = body.get("reason");
      return reason instanceof String s ? s : "";
    }
  }

  /** Where a kind is served: its plural resource name and whether it is namespaced. */
  record Kind(String resource, boolean namespaced) {}

  KubeApi(URI server, String token, Path servingCertificate) {
    this.server = server;
    this.token = token;
    this.http = HttpClient.newBuilder()
        .sslContext(trusting(servingCertificate))
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  /** GET {@code path}; 404 is an empty body with status 404. */
  Outcome get(String path) {
    return send(HttpRequest.newBuilder(server.resolve(path)).GET());
  }

  /** POST {@code body} (JSON) to {@code path} with {@code dryRun=All}. */
  Outcome dryRunPost(String path, Map<String, Object> body) {
    return send(HttpRequest.newBuilder(server.resolve(path + "?dryRun=All"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json(body))));
  }

  /**
   * Server-side apply of {@code object} with {@code fieldManager} and {@code force} (as Argo CD
   * and Flux do) and strict field validation (an unknown or duplicated field is refused, as with
   * kubectl), dry-run when asked. An object whose kind the server does not serve is a 404
   * outcome whose message says so.
   */
  Outcome apply(Map<String, Object> object, String fieldManager, boolean dryRun) {
    Optional<String> path = objectPath(object);
    if (path.isEmpty()) {
      return new Outcome(404, Map.of("reason", "NotFound", "message",
          "the server does not serve kind " + object.get("kind") + " of apiVersion "
              + object.get("apiVersion") + " (is its CustomResourceDefinition applied?)"),
          List.of());
    }
    String query = "?fieldManager=" + URLEncoder.encode(fieldManager, StandardCharsets.UTF_8)
        + "&force=true&fieldValidation=Strict" + (dryRun ? "&dryRun=All" : "");
    return send(HttpRequest.newBuilder(server.resolve(path.get() + query))
        .header("Content-Type", "application/apply-patch+yaml")
        .method("PATCH", HttpRequest.BodyPublishers.ofString(json(object))));
  }

  /**
   * The API path of {@code object} ({@code /apis/apps/v1/namespaces/monitoring/deployments/x};
   * the namespace is left out for cluster-scoped kinds), when its kind is served.
   */
  private Optional<String> objectPath(Map<String, Object> object) {
    String apiVersion = String.valueOf(object.get("apiVersion"));
    Map<?, ?> metadata = object.get("metadata") instanceof Map<?, ?> m ? m : Map.of();
    Object ns = metadata.get("namespace");
    String namespace = ns instanceof String s && !s.isEmpty() ? s : "default";
    return kind(apiVersion, String.valueOf(object.get("kind"))).map(kind -> prefix(apiVersion)
        + (kind.namespaced() ? "/namespaces/" + encode(namespace) : "") + "/" + kind.resource()
        + "/" + encode(String.valueOf(metadata.get("name"))));
  }

  /** {@code /api/v1} for the core group, {@code /apis/<group>/<version>} for the others. */
  static String prefix(String apiVersion) {
    return apiVersion.contains("/") ? "/apis/" + apiVersion : "/api/" + apiVersion;
  }

  /** Where {@code kind} of {@code apiVersion} is served, asking discovery the first time. */
  private Optional<Kind> kind(String apiVersion, String kind) {
    if (!kinds.containsKey(apiVersion + "/" + kind)) {
      discover(apiVersion);
    }
    return Optional.ofNullable(kinds.get(apiVersion + "/" + kind));
  }

  /** Forgets what discovery said (after CRDs were added). */
  void forgetDiscovery() {
    kinds.clear();
  }

  private void discover(String apiVersion) {
    Outcome list = get(prefix(apiVersion));
    if (!list.ok() || !(list.body().get("resources") instanceof List<?> resources)) {
      return;
    }
    for (Object r : resources) {
      if (r instanceof Map<?, ?> resource && resource.get("name") instanceof String name
          && !name.contains("/") && resource.get("kind") instanceof String kind) {
        kinds.put(apiVersion + "/" + kind,
            new Kind(name, Boolean.TRUE.equals(resource.get("namespaced"))));
      }
    }
  }

  private Outcome send(HttpRequest.Builder request) {
    HttpRequest built = request
        .header("Authorization", "Bearer " + token)
        .header("Accept", "application/json")
        .timeout(REQUEST_TIMEOUT)
        .build();
    HttpResponse<String> response;
    try {
      response = http.send(built, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new ToolException("the private kube-apiserver at " + server + " did not answer "
          + built.method() + " " + built.uri().getPath() + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ToolException("interrupted while calling the private kube-apiserver", e);
    }
    List<String> warnings = new ArrayList<>();
    for (String header : response.headers().allValues("Warning")) {
      Matcher m = WARNING.matcher(header);
      warnings.add(m.matches() ? m.group(1).replace("\\\"", "\"") : header);
    }
    return new Outcome(response.statusCode(), parse(response.body()), warnings);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> parse(String body) {
    if (body.isBlank()) {
      return Map.of();
    }
    try {
      Object parsed = JSON.readValue(body, Object.class);
      return parsed instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    } catch (JacksonException e) {
      return Map.of("message", body.strip());
    }
  }

  static String json(Object value) {
    return JSON.writeValueAsString(value);
  }

  private static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** An SSL context that trusts the certificates in {@code pem} and nothing else. */
  private static SSLContext trusting(Path pem) {
    try (InputStream in = Files.newInputStream(pem)) {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        store.setCertificateEntry("apiserver-" + i++, c);
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, tmf.getTrustManagers(), null);
      return context;
    } catch (IOException | java.security.GeneralSecurityException e) {
      throw new ToolException("cannot read the private kube-apiserver's certificate " + pem
          + ": " + e.getMessage(), e);
    }
  }
}
