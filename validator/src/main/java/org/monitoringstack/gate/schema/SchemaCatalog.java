package org.monitoringstack.gate.schema;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.monitoringstack.gate.exec.Folders;
import org.monitoringstack.gate.exec.ToolException;
import org.monitoringstack.gate.toolchain.ModuleFetcher;
import org.monitoringstack.gate.toolchain.Pins;
import org.monitoringstack.gate.yaml.SafeYaml;
import org.yaml.snakeyaml.error.YAMLException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The offline schema catalog: kubeconform-layout JSON schemas generated from the pinned Kubernetes
 * OpenAPI v3 spec and the pinned CRD sources, cached in {@code .cache/schemas/<pins.cacheKey()>/}
 * (git-ignored).
 *
 * <p>Layout: {@code <group>/<kind>_<version>.json}, kind in lower case, the core group under
 * {@code v1/} (kubeconform's {@code {{ .Group }}} is the part of apiVersion before the slash, the
 * whole apiVersion when there is none): {@code v1/service_v1.json}, {@code
 * apps/deployment_v1.json}, {@code monitoring.coreos.com/prometheus_v1.json}.
 */
public final class SchemaCatalog {

  /** Bumped whenever the generated schemas change for the same pins: old caches regenerate. */
  static final int GENERATOR_REVISION = 1;

  /** The file written last, once every schema is in place. */
  static final String MARKER = ".complete";

  /** Under the repository root, git-ignored. */
  static final String CACHE_DIR = ".cache/schemas";

  static final String OBJECT_META = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";

  /**
   * A ready catalog.
   *
   * @param locationTemplate kubeconform's {@code -schema-location} for it
   * @param generated true when this call generated it, false when it came from the cache
   */
  public record Catalog(Path dir, String locationTemplate, boolean generated) {

    public Catalog {
      Objects.requireNonNull(dir, "dir");
      Objects.requireNonNull(locationTemplate, "locationTemplate");
    }
  }

  private SchemaCatalog() {}

  /** kubeconform's {@code -schema-location} template for a catalog in {@code dir}. */
  public static String locationTemplate(Path dir) {
    return dir.toAbsolutePath().toString().replace('\\', '/')
        + "/{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json";
  }

  /** The file kubeconform looks up for {@code apiVersion} and {@code kind}, relative to the dir. */
  public static String relativePath(String apiVersion, String kind) {
    int slash = apiVersion.indexOf('/');
    String group = slash < 0 ? apiVersion : apiVersion.substring(0, slash);
    String version = apiVersion.substring(slash + 1);
    return group + "/" + kind.toLowerCase(Locale.ROOT) + "_" + version + ".json";
  }

  /**
   * Returns the catalog for {@code pins}, generating it first when it is not cached yet. Generation
   * writes into a temporary sibling folder and renames it into place with the completion marker
   * already written, so an interrupted run never leaves a half catalog behind.
   */
  public static Catalog ensure(
      Path repoRoot, Pins pins, ModuleFetcher fetcher, Consumer<String> progress) {
    Objects.requireNonNull(pins, "pins");
    Objects.requireNonNull(fetcher, "fetcher");
    Objects.requireNonNull(progress, "progress");
    Path cacheRoot = repoRoot.toAbsolutePath().normalize().resolve(CACHE_DIR);
    Path dir = cacheRoot.resolve(pins.cacheKey());
    if (isComplete(dir)) {
      return new Catalog(dir, locationTemplate(dir), false);
    }
    long start = System.nanoTime();
    progress.accept("generating the offline schema catalog (Kubernetes " + pins.kubernetesVersion()
        + ", " + pins.crds().size() + " CRD sources) into " + CACHE_DIR + "/" + pins.cacheKey()
        + "/ (first run after a pin change only)");
    Path temp;
    try {
      Files.createDirectories(cacheRoot);
      temp = Files.createTempDirectory(cacheRoot, pins.cacheKey() + ".tmp-");
    } catch (IOException e) {
      throw new ToolException("cannot create the schema cache in " + cacheRoot + ": " + e.getMessage(), e);
    }
    try {
      int count = generate(temp, pins, fetcher, progress);
      write(temp.resolve(MARKER), "generator=" + GENERATOR_REVISION + "\nschemas=" + count
          + "\nkubernetes=" + pins.kubernetesVersion() + "\n");
      readableByAll(temp);
      publish(temp, dir);
      progress.accept("generated " + count + " schemas in "
          + (System.nanoTime() - start) / 1_000_000 + " ms");
      return new Catalog(dir, locationTemplate(dir), true);
    } finally {
      Folders.deleteQuietly(temp);
    }
  }

  /** Temporary folders are private; the published catalog is as readable as its files. */
  private static void readableByAll(Path dir) {
    try {
      Files.setPosixFilePermissions(dir,
          java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (UnsupportedOperationException | IOException e) {
      // not a POSIX file system, or not ours to change: private is fine
    }
  }

  /**
   * A catalog generated elsewhere and only read here, e.g. baked into the Argo CD sidecar image:
   * {@code <root>/<pins.cacheKey()>/}, complete (written by {@link #ensure} of this generator
   * revision). Never generates, so it needs no network.
   *
   * @throws ToolException when that folder holds no complete catalog
   */
  public static Catalog prebuilt(Path root, Pins pins) {
    Path dir = root.toAbsolutePath().normalize().resolve(pins.cacheKey());
    if (!isComplete(dir)) {
      throw new ToolException("no complete schema catalog for the pinned versions in " + dir
          + ": copy " + CACHE_DIR + "/" + pins.cacheKey() + " of a checkout at these pins "
          + "(the gate generates it on its first run) into " + root);
    }
    return new Catalog(dir, locationTemplate(dir), false);
  }

  static boolean isComplete(Path dir) {
    Path marker = dir.resolve(MARKER);
    if (!Files.isRegularFile(marker)) {
      return false;
    }
    try {
      return Files.readString(marker).lines()
          .anyMatch(l -> l.equals("generator=" + GENERATOR_REVISION));
    } catch (IOException e) {
      return false;
    }
  }

  private static void publish(Path temp, Path dir) {
    try {
      if (Files.exists(dir)) {
        // a catalog of an older generator revision, or left over by hand: replace it
        if (isComplete(dir)) {
          return;
        }
        Folders.deleteQuietly(dir);
      }
      try {
        Files.move(temp, dir, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, dir);
      }
    } catch (IOException e) {
      if ((e instanceof FileAlreadyExistsException || e instanceof DirectoryNotEmptyException)
          && isComplete(dir)) {
        return; // another run published the same catalog first: use theirs
      }
      throw new ToolException("cannot move the generated schema catalog to " + dir + ": "
          + e.getMessage(), e);
    }
  }

  /** Generates every schema into {@code out}; returns how many files it wrote. */
  static int generate(Path out, Pins pins, ModuleFetcher fetcher, Consumer<String> progress) {
    Path kubernetes = fetcher.download(pins.kubernetesModule(), pins.kubernetesVersion());
    Path specDir = kubernetes.resolve(pins.kubernetesOpenapiDir());
    Map<String, JsonNode> components = readOpenApiComponents(specDir,
        pins.kubernetesModule() + "@" + pins.kubernetesVersion());
    Map<String, ObjectNode> schemas = new LinkedHashMap<>();
    OpenApiConverter builtIns = OpenApiConverter.forBuiltIns(components);
    for (Map.Entry<String, JsonNode> component : components.entrySet()) {
      JsonNode gvks = component.getValue().get("x-kubernetes-group-version-kind");
      if (gvks == null || !gvks.isArray() || gvks.isEmpty()) {
        continue;
      }
      ObjectNode schema = builtIns.component(component.getKey());
      for (JsonNode gvk : gvks) {
        String group = gvk.path("group").asString("");
        String version = gvk.path("version").asString("");
        String kind = gvk.path("kind").asString("");
        String apiVersion = group.isEmpty() ? version : group + "/" + version;
        schemas.putIfAbsent(relativePath(apiVersion, kind), schema);
      }
    }
    if (!components.containsKey(OBJECT_META)) {
      throw new ToolException(specDir + " does not define " + OBJECT_META
          + " (check kubernetes.openapi.dir in validator/toolchain.properties)");
    }
    ObjectNode objectMeta = builtIns.component(OBJECT_META);
    int builtInCount = schemas.size();

    // parse every CRD file first (in parallel: YAML parsing is most of the work), then convert
    record CrdFile(Pins.CrdSource source, String dirName, Path file) {}
    List<CrdFile> crdFiles = new ArrayList<>();
    for (Pins.CrdSource source : pins.crds()) {
      Path module = fetcher.download(source.module(), source.version());
      for (String dirName : source.dirs()) {
        Path crdDir = module.resolve(dirName);
        if (!Files.isDirectory(crdDir)) {
          throw new ToolException("CRD source " + source.name() + ": folder " + dirName
              + " does not exist in " + source.coordinates() + " (check crd." + source.name()
              + ".dirs in validator/toolchain.properties)");
        }
        yamlFiles(crdDir).forEach(file -> crdFiles.add(new CrdFile(source, dirName, file)));
      }
    }
    List<List<Crd>> parsed = crdFiles.parallelStream().map(f -> readCrds(f.file())).toList();

    OpenApiConverter crdConverter = OpenApiConverter.forCrds();
    Set<String> withSchemas = new HashSet<>(); // "<source>\n<dir>" of the dirs that gave one
    for (int i = 0; i < crdFiles.size(); i++) {
      CrdFile file = crdFiles.get(i);
      for (Crd crd : parsed.get(i)) {
        for (CrdVersion version : crd.versions()) {
          String path = relativePath(crd.group() + "/" + version.name(), crd.kind());
          schemas.putIfAbsent(path, crdConverter.crdRoot(version.schema(), objectMeta));
          withSchemas.add(file.source().name() + "\n" + file.dirName());
        }
      }
    }
    for (Pins.CrdSource source : pins.crds()) {
      for (String dirName : source.dirs()) {
        if (!withSchemas.contains(source.name() + "\n" + dirName)) {
          throw new ToolException("CRD source " + source.name() + ": no CustomResourceDefinition"
              + " with a schema in " + dirName + " of " + source.coordinates() + " (check crd."
              + source.name() + ".dirs in validator/toolchain.properties)");
        }
      }
    }
    progress.accept("converted " + builtInCount + " built-in and " + (schemas.size() - builtInCount)
        + " custom resource schemas");
    writeAll(out, schemas);
    return schemas.size();
  }

  private static void writeAll(Path out, Map<String, ObjectNode> schemas) {
    try {
      schemas.entrySet().parallelStream().forEach(e -> {
        try {
          Path file = out.resolve(e.getKey());
          Files.createDirectories(file.getParent()); // the group's folder; safe to race
          Files.write(file, OpenApiConverter.JSON.writeValueAsBytes(e.getValue()));
        } catch (IOException ex) {
          throw new UncheckedIOException(ex);
        }
      });
    } catch (UncheckedIOException e) {
      throw new ToolException("cannot write the schema catalog into " + out + ": "
          + e.getCause().getMessage(), e);
    }
  }

  /** Every entry of {@code components.schemas} across the spec folder's files. */
  static Map<String, JsonNode> readOpenApiComponents(Path specDir, String module) {
    if (!Files.isDirectory(specDir)) {
      throw new ToolException("the OpenAPI v3 spec folder " + specDir + " does not exist in " + module
          + " (check kubernetes.openapi.dir in validator/toolchain.properties)");
    }
    Map<String, JsonNode> components = new LinkedHashMap<>();
    List<Path> files;
    try (Stream<Path> list = Files.list(specDir)) {
      files = list.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
    } catch (IOException e) {
      throw new ToolException("cannot list " + specDir + ": " + e.getMessage(), e);
    }
    List<JsonNode> docs = files.parallelStream().map(file -> {
      try {
        return OpenApiConverter.JSON.readTree(file.toFile());
      } catch (JacksonException e) {
        throw new ToolException("cannot parse " + file + ": " + e.getOriginalMessage(), e);
      }
    }).toList();
    for (JsonNode doc : docs) {
      for (Map.Entry<String, JsonNode> e : doc.path("components").path("schemas").properties()) {
        components.putIfAbsent(e.getKey(), e.getValue());
      }
    }
    if (components.isEmpty()) {
      throw new ToolException("no components.schemas found in " + specDir);
    }
    return components;
  }

  /** One CRD: its group, kind and the versions that carry a schema. */
  record Crd(String group, String kind, List<CrdVersion> versions) {}

  /** One served or stored version of a CRD and its {@code openAPIV3Schema}. */
  record CrdVersion(String name, JsonNode schema) {}

  /** The CRDs in a YAML file (any number of documents; other kinds are skipped). */
  static List<Crd> readCrds(Path file) {
    List<Crd> crds = new ArrayList<>();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (Object doc : SafeYaml.loader(SafeYaml.Scalars.KUBERNETES).loadAll(reader)) {
        if (!(doc instanceof Map<?, ?> map)
            || !"CustomResourceDefinition".equals(map.get("kind"))
            || !String.valueOf(map.get("apiVersion")).startsWith("apiextensions.k8s.io/")) {
          continue;
        }
        JsonNode crd = OpenApiConverter.JSON.valueToTree(map);
        JsonNode spec = crd.path("spec");
        String group = spec.path("group").asString("");
        String kind = spec.path("names").path("kind").asString("");
        if (group.isEmpty() || kind.isEmpty()) {
          throw new ToolException(file + ": a CustomResourceDefinition without spec.group or"
              + " spec.names.kind");
        }
        List<CrdVersion> versions = new ArrayList<>();
        for (JsonNode version : spec.path("versions")) {
          JsonNode schema = version.path("schema").get("openAPIV3Schema");
          if (schema != null && schema.isObject()) {
            versions.add(new CrdVersion(version.path("name").asString(), schema));
          }
        }
        crds.add(new Crd(group, kind, versions));
      }
    } catch (IOException e) {
      throw new ToolException("cannot read " + file + ": " + e.getMessage(), e);
    } catch (YAMLException e) {
      throw new ToolException("cannot parse " + file + ": " + e.getMessage(), e);
    }
    return crds;
  }

  private static List<Path> yamlFiles(Path dir) {
    try (Stream<Path> list = Files.list(dir)) {
      return list.filter(Files::isRegularFile)
          .filter(p -> p.getFileName().toString().matches(".*\\.ya?ml"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new ToolException("cannot list " + dir + ": " + e.getMessage(), e);
    }
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ToolException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

}
