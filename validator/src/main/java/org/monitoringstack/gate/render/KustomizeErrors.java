package org.monitoringstack.gate.render;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.monitoringstack.gate.kustomization.Kustomization;
import org.monitoringstack.gate.kustomization.KustomizationException;
import org.monitoringstack.gate.model.SourceLocation;

/**
 * Turns kustomize's stderr into a finding's message and location: kustomize's own words, with
 * the wrapping ({@code accumulation err='...'}, Go type noise, absolute paths) removed, and the
 * file it names (a missing file's kustomization entry, a YAML error's line) when it names one.
 */
final class KustomizeErrors {

  /** A cleaned-up kustomize error. */
  record Described(String message, SourceLocation location) {}

  private static final Pattern RECURSED = Pattern.compile("recursed accumulation of path '([^']+)': ");
  private static final Pattern MISSING = Pattern.compile(
      "accumulating resources from '([^']+)': evalsymlink failure on '[^']+' : lstat [^:]+: "
          + "no such file or directory");
  private static final Pattern MALFORMED = Pattern.compile(
      "accumulating resources from '([^']+)': MalformedYAMLError: (yaml: line (\\d+): [^\\n]*?) "
          + "in File: (\\S+)");
  private static final Pattern GO_NOISE = Pattern.compile("map\\[[^\\]]*\\][^:( ]*(\\s*\\{\\})?\\(nil\\): ");
  private static final Pattern WRAPPER_LAYER = Pattern.compile(
      "^accumulating resources: accumulation err='accumulating resources from '[^']+': ");
  private static final Pattern MUST_RESOLVE = Pattern.compile("'[^']*' must resolve to a file': ");
  private static final Pattern MAKE_TARGET = Pattern.compile("couldn't make target for path '[^']*': ");
  private static final Pattern EVALSYMLINK = Pattern.compile(
      "evalsymlink failure on '([^']+)' : lstat [^:]+: no such file or directory");
  private static final Pattern NOT_FOUND = Pattern.compile(
      "evalsymlink failure on '(/[^']+)' : lstat [^:]+: no such file or directory");
  private static final Pattern ABSOLUTE = Pattern.compile("(/[^\\s':]+)");
  /**
   * A resource file kustomize cannot read as objects, then retried as a folder: the first reason
   * is the one that matters ({@code missing Resource metadata}, {@code missing kind in object}).
   */
  private static final Pattern NOT_OBJECTS = Pattern.compile("accumulating resources from "
      + "'([^']+)': ([^']+)': must build at directory: '([^']+)': file is not directory");
  /** A replacement whose source object lacks the field: {@code fieldPath `data.x` is ...}. */
  private static final Pattern REPLACEMENT_SOURCE = Pattern.compile(
      "fieldPath `([^`]+)` is missing for replacement source ([A-Za-z0-9]+)\\.[^/\\s]*/([^.\\s\"]+)");

  private final Path repoRoot;

  KustomizeErrors(Path repoRoot) {
    this.repoRoot = ManifestParser.realPath(repoRoot);
  }

  Described describe(String stderr, Path targetDir, Path wrapperDir) {
    String text = errorText(stderr);
    // the innermost kustomization kustomize was working on when it failed
    Path context = ManifestParser.realPath(targetDir);
    Matcher recursed = RECURSED.matcher(text);
    while (recursed.find()) {
      context = wrapperDir.resolve(recursed.group(1)).normalize();
    }
    Matcher missing = MISSING.matcher(text);
    if (missing.find()) {
      String entry = missing.group(1);
      Path kustomization = Kustomization.find(context).orElse(context);
      return new Described(
          "accumulating resources from '" + entry + "': no such file or directory",
          location(kustomization, lineContaining(kustomization, entry)));
    }
    Matcher malformed = MALFORMED.matcher(text);
    if (malformed.find()) {
      Path file = context.resolve(malformed.group(1)).normalize();
      return new Described("MalformedYAMLError: " + malformed.group(2),
          location(file, Integer.parseInt(malformed.group(3))));
    }
    Matcher notObjects = NOT_OBJECTS.matcher(text);
    if (notObjects.find() && Files.isRegularFile(Path.of(notObjects.group(3)))) {
      String reason = notObjects.group(2).replaceFirst(" in object \\{.*$", "");
      return new Described("'" + notObjects.group(1) + "' is not a list of Kubernetes objects"
          + " kustomize can read: " + reason + " (each document needs apiVersion, kind and"
          + " metadata.name)", location(Path.of(notObjects.group(3)), 1));
    }
    Matcher source = REPLACEMENT_SOURCE.matcher(text);
    if (source.find()) {
      Optional<Described> d = missingReplacementSource(source.group(1),
          source.group(2), source.group(3), ManifestParser.realPath(targetDir),
          Kustomization.find(context).orElse(null));
      if (d.isPresent()) {
        return d.get();
      }
    }
    String message = relativize(text, wrapperDir);
    // the wrapper's own layer, and kustomize's retry-as-file noise, say nothing to the user
    message = WRAPPER_LAYER.matcher(message).replaceFirst("");
    message = MUST_RESOLVE.matcher(message).replaceAll("");
    message = MAKE_TARGET.matcher(message).replaceAll("");
    int last = message.lastIndexOf("recursed accumulation of path '");
    if (last >= 0) {
      Matcher m = RECURSED.matcher(message);
      if (m.find(last)) {
        message = message.substring(m.end());
      }
    }
    message = EVALSYMLINK.matcher(message).replaceAll("$1: no such file or directory");
    message = message.replace("accumulation err='", "").replace("accumulating resources: ", "");
    message = GO_NOISE.matcher(message).replaceAll("");
    message = message.replaceAll("'+$", "").trim();
    Path kustomization = Kustomization.find(context).orElse(context);
    Matcher gone = NOT_FOUND.matcher(text);
    if (gone.find()) {
      Path missingPath = Path.of(gone.group(1)).normalize();
      int line = lineOfEntry(kustomization, context, missingPath);
      if (line > 0) {
        return new Described(message, location(kustomization, line));
      }
    }
    return new Described(message.isEmpty() ? "kustomize build failed" : message,
        location(lastRepoFile(text, wrapperDir).orElse(kustomization), 0));
  }

  /**
   * A replacement reads a field its source object does not have (a cluster's values file that
   * lacks, or misspells, a key the cluster-values component replaces): the finding is at the
   * file the target lists that defines the source object, where the key belongs, at its {@code
   * data:} (or first) line, naming the replacement's file and line. Empty when no file the
   * target's kustomization lists defines it.
   */
  private Optional<Described> missingReplacementSource(String fieldPath, String kind,
      String name, Path targetDir, Path replacementFile) {
    List<Kustomization.Entry> resources;
    try {
      resources = Kustomization.readDir(targetDir).map(Kustomization::resources).orElse(List.of());
    } catch (KustomizationException e) {
      return Optional.empty();
    }
    Pattern kindLine = Pattern.compile("(?m)^kind:\\s*" + Pattern.quote(kind) + "\\s*$");
    Pattern nameLine = Pattern.compile("(?m)^\\s+name:\\s*[\"']?" + Pattern.quote(name)
        + "[\"']?\\s*(#.*)?$");
    for (Kustomization.Entry entry : resources) {
      Path file = targetDir.resolve(entry.value()).normalize();
      String text;
      try {
        text = Files.readString(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        continue; // a folder, or not there
      }
      if (!kindLine.matcher(text).find() || !nameLine.matcher(text).find()) {
        continue;
      }
      String top = fieldPath.contains(".") ? fieldPath.substring(0, fieldPath.indexOf('.'))
          : fieldPath;
      int line = Math.max(1, firstLine(file, l -> l.startsWith(top + ":")));
      String by = replacementFile == null ? "a replacement"
          : "the replacement in " + repoRoot.relativize(ManifestParser.realPath(replacementFile))
              + ":" + Math.max(1, lineContaining(replacementFile, fieldPath));
      return Optional.of(new Described(kind + "/" + name + " has no " + fieldPath
          + ", which " + by + " reads; expected the key in this file (is it misspelled?)",
          location(file, line)));
    }
    return Optional.empty();
  }

  /** The 1-based number of the first line of {@code file} that matches, 0 if none does. */
  private static int firstLine(Path file, Predicate<String> matches) {
    try {
      String[] lines = Files.readString(file, StandardCharsets.UTF_8).split("\n", -1);
      for (int i = 0; i < lines.length; i++) {
        if (matches.test(lines[i])) {
          return i + 1;
        }
      }
    } catch (IOException e) {
      // no line then
    }
    return 0;
  }

  /** The line of the kustomization entry that names {@code missing}, 0 if none does. */
  private static int lineOfEntry(Path kustomization, Path context, Path missing) {
    return firstLine(kustomization, line -> {
      String entry = line.trim().replaceFirst("^-\\s*", "").replaceFirst("^path:\\s*", "")
          .replaceAll("^[\"']|[\"']$", "");
      if (entry.isEmpty() || entry.startsWith("#") || entry.contains(": ")) {
        return false;
      }
      try {
        Path p = ManifestParser.realPath(context).resolve(entry).normalize();
        return p.equals(missing) || p.endsWith(missing);
      } catch (InvalidPathException e) {
        return false; // not a path
      }
    });
  }

  private static final Pattern ERROR_LINE = Pattern.compile("(?m)^Error: ");

  /**
   * Whether kustomize reported an error of its own: it prints every failure (a bad
   * kustomization, a missing file) as a line starting with {@code Error: }. A failure without
   * one is the binary's (it crashed, or is not kustomize).
   */
  static boolean reportsError(String stderr) {
    return stderr != null && ERROR_LINE.matcher(stderr).find();
  }

  /** The error lines: from the first {@code Error:} on, without it; blank lines dropped. */
  static String errorText(String stderr) {
    String s = stderr == null ? "" : stderr.strip();
    int at = s.indexOf("Error: ");
    return Arrays.stream(s.substring(at < 0 ? 0 : at + "Error: ".length()).split("\n"))
        .takeWhile(line -> !line.startsWith("Usage:"))
        .filter(line -> !line.isBlank()).map(String::strip).collect(Collectors.joining(" "));
  }

  private String relativize(String message, Path wrapperDir) {
    String out = ABSOLUTE.matcher(message).replaceAll(m -> {
      Path p = Path.of(m.group(1)).normalize();
      return Matcher.quoteReplacement(
          p.startsWith(repoRoot) ? repoRoot.relativize(p).toString() : m.group(1));
    });
    String rel = wrapperDir.relativize(repoRoot).toString();
    return rel.isEmpty() ? out : out.replace(rel + "/", "");
  }

  private Optional<Path> lastRepoFile(String text, Path wrapperDir) {
    return Pattern.compile("'([^']+)'").matcher(text).results()
        .map(quoted -> ManifestParser.realPath(wrapperDir.resolve(quoted.group(1)).normalize()))
        .filter(p -> p.startsWith(repoRoot) && Files.isRegularFile(p))
        .reduce((earlier, later) -> later);
  }

  private SourceLocation location(Path file, int line) {
    Path real = ManifestParser.realPath(file);
    return real.startsWith(repoRoot)
        ? new SourceLocation(repoRoot.relativize(real).toString(), Math.max(0, line))
        : SourceLocation.UNKNOWN;
  }

  private static int lineContaining(Path file, String entry) {
    return firstLine(file, l -> !l.trim().startsWith("#") && l.trim().contains(entry));
  }
}
