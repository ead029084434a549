package org.monitoringstack.gate.policy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.monitoringstack.gate.cache.ContentStore;
import org.monitoringstack.gate.cache.Digest;
import org.monitoringstack.gate.cache.FileIdentity;

/**
 * Remembers which policy files their JSON Schema accepted, in the git-ignored {@code
 * .cache/policy-schemas/}: an entry of a {@link ContentStore} keyed by the digest of the file's
 * text, its kind, the schema and the validator that checked it (the builds of the JSON Schema
 * library and of this class). A file seen before skips the schema validator, whose first use
 * costs a run about 60 ms of CPU. Only acceptance is remembered: a file with problems is
 * validated every time, so its messages are always current. A cache that cannot be read or
 * written, or an entry that does not verify, is ignored.
 */
final class SchemaVerdicts { // one per load, used by one thread

  private static final String FORMAT = "policy-schemas-2";
  private static final String ACCEPTED = "accepted";

  private final ContentStore store;
  private String validator;

  SchemaVerdicts(Path dir) {
    this.store = new ContentStore(dir);
  }

  /** True when a file of this kind with exactly this text was accepted before. */
  boolean accepted(PolicySchemas.Kind kind, String text) {
    return key(kind, text).flatMap(store::read).map(ACCEPTED::equals).orElse(false);
  }

  /** Records that the schema accepted a file of this kind with this text. */
  void remember(PolicySchemas.Kind kind, String text) {
    key(kind, text).ifPresent(k -> store.write(k, ACCEPTED));
  }

  private Optional<String> key(PolicySchemas.Kind kind, String text) {
    if (validator == null) {
      validator = FileIdentity.codeOf(com.networknt.schema.SchemaRegistry.class) + "|"
          + FileIdentity.codeOf(SchemaVerdicts.class);
    }
    return schemaText(kind).map(schema ->
        new Digest().add(FORMAT).add(kind.name()).add(schema).add(validator).add(text).hex());
  }

  private static Optional<String> schemaText(PolicySchemas.Kind kind) {
    try (InputStream in = SchemaVerdicts.class.getResourceAsStream(kind.resourcePath())) {
      return in == null ? Optional.empty()
          : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
