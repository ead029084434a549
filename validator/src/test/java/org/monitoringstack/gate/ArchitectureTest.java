package org.monitoringstack.gate;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The validator's shape: one-way layers, and only the CLI talks to the terminal. */
@AnalyzeClasses(packages = "org.monitoringstack.gate", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  private static final String[] STAGES =
      {"render", "schema", "policy", "report", "toolchain", "impact", "live"};

  @ArchTest
  static final ArchRule layers_are_respected = layeredArchitecture()
      .consideringOnlyDependenciesInLayers()
      .layer("cli").definedBy("..gate.cli..")
      .layer("pipeline").definedBy("..gate.pipeline..")
      .layer("render").definedBy("..gate.render..")
      .layer("schema").definedBy("..gate.schema..")
      .layer("policy").definedBy("..gate.policy..")
      .layer("report").definedBy("..gate.report..")
      .layer("toolchain").definedBy("..gate.toolchain..")
      .layer("impact").definedBy("..gate.impact..")
      .layer("model").definedBy("..gate.model..")
      .layer("exec").definedBy("..gate.exec..")
      .layer("yaml").definedBy("..gate.yaml..")
      .layer("cache").definedBy("..gate.cache..")
      .layer("kustomization").definedBy("..gate.kustomization..")
      .layer("live").definedBy("..gate.live..")
      .whereLayer("cli").mayNotBeAccessedByAnyLayer()
      .whereLayer("pipeline").mayOnlyBeAccessedByLayers("cli")
      .whereLayer("render").mayOnlyBeAccessedByLayers(above("render"))
      .whereLayer("schema").mayOnlyBeAccessedByLayers(above("schema"))
      .whereLayer("policy").mayOnlyBeAccessedByLayers(above("policy"))
      .whereLayer("report").mayOnlyBeAccessedByLayers(above("report"))
      .whereLayer("toolchain").mayOnlyBeAccessedByLayers(above("toolchain"))
      .whereLayer("impact").mayOnlyBeAccessedByLayers(above("impact"))
      .whereLayer("live").mayOnlyBeAccessedByLayers(above("live"))
      .whereLayer("exec").mayOnlyBeAccessedByLayers(
          "cli", "pipeline", "render", "schema", "policy", "report", "toolchain", "impact",
          "live")
      .whereLayer("yaml").mayOnlyBeAccessedByLayers(
          "cli", "pipeline", "render", "schema", "policy", "report", "toolchain", "impact",
          "kustomization", "live")
      .whereLayer("kustomization").mayOnlyBeAccessedByLayers(
          "cli", "pipeline", "render", "policy", "impact")
      .whereLayer("cache").mayOnlyBeAccessedByLayers(
          "cli", "pipeline", "render", "schema", "policy", "report", "toolchain", "impact")
      .because("data flows one way: cli -> pipeline -> stages -> {model, exec, kustomization,"
          + " yaml, cache}");

  @ArchTest
  static final ArchRule kustomization_depends_only_on_the_yaml_loader = classes()
      .that().resideInAPackage("org.monitoringstack.gate.kustomization..")
      .should().onlyDependOnClassesThat().resideInAnyPackage("org.monitoringstack.gate.kustomization..",
          "org.monitoringstack.gate.yaml..", "java..", "org.yaml.snakeyaml.nodes..")
      .because("the one kustomization reader knows the file format, not the stages that use it");

  @ArchTest
  static final ArchRule packages_are_free_of_cycles = slices()
      .matching("org.monitoringstack.gate.(**)").should().beFreeOfCycles()
      .because("a package that depends on itself through another cannot be read or moved alone");

  @ArchTest
  static final ArchRule model_depends_on_nothing_else_in_the_project = classes()
      .that().resideInAPackage("org.monitoringstack.gate.model..")
      .should().onlyDependOnClassesThat()
      .resideInAnyPackage("org.monitoringstack.gate.model..", "java..")
      .because("the model is shared by every stage and depends on nothing else in the project");

  @ArchTest
  static final ArchRule yaml_depends_on_nothing_else_in_the_project = classes()
      .that().resideInAPackage("org.monitoringstack.gate.yaml..")
      .should().onlyDependOnClassesThat()
      .resideInAnyPackage("org.monitoringstack.gate.yaml..", "java..", "org.yaml.snakeyaml..")
      .because("the one safe YAML loader is a bottom layer every stage may use");

  @ArchTest
  static final ArchRule cache_depends_on_nothing_else_in_the_project = classes()
      .that().resideInAPackage("org.monitoringstack.gate.cache..")
      .should().onlyDependOnClassesThat().resideInAnyPackage("org.monitoringstack.gate.cache..", "java..")
      .because("the one cache store is a bottom layer: it knows bytes and digests, not findings");

  @ArchTest
  static final ArchRule only_the_cache_package_moves_files_into_place = noClasses()
      .that().resideOutsideOfPackage("..gate.cache..")
      .and().resideOutsideOfPackage("..gate.schema..") // the catalog: a whole folder, moved once
      .and().resideOutsideOfPackage("..gate.toolchain..") // installed binaries
      .should().callMethod(java.nio.file.Files.class, "move", java.nio.file.Path.class,
          java.nio.file.Path.class, java.nio.file.CopyOption[].class)
      .because("cache entries are written through cache.ContentStore, verified on every read");

  @ArchTest
  static final ArchRule only_the_yaml_package_configures_snakeyaml_loaders = noClasses()
      .that().resideOutsideOfPackage("..gate.yaml..")
      // not yet moved over: the render cache's own entry format
      .and().haveNameNotMatching(".*\\.render\\..*Cache.*")
      .should().callConstructor(org.yaml.snakeyaml.LoaderOptions.class)
      .because("every YAML the validator reads goes through yaml.SafeYaml's limits");

  @ArchTest
  static final ArchRule only_the_cli_writes_to_the_terminal = noClasses()
      .that().resideOutsideOfPackage("..gate.cli..")
      .should().accessField(System.class, "out")
      .orShould().accessField(System.class, "err")
      .orShould().callMethod(Throwable.class, "printStackTrace")
      .because("the library never prints: it returns findings and the CLI reports them");

  /**
   * The gate judges every target first without source files and locates only the targets with
   * findings (pipeline.Gate): a check may read an object's source only where that cannot change
   * its verdict. The three that do say why in their code: a generated Secret is exempt only when
   * located (without a source there are more findings, never fewer), a hint names the file to
   * edit, and a generated Application is matched to its ApplicationSet by the fleet's source,
   * which the renderer always builds with origins.
   */
  @ArchTest
  static final ArchRule checks_decide_nothing_by_an_objects_source = noClasses()
      .that().resideInAPackage("..gate.policy.check..")
      .and().doNotHaveSimpleName("NoPlaintextSecretsCheck")
      .and().doNotHaveSimpleName("AlertmanagerConfigs")
      .and().doNotHaveSimpleName("ClusterDeliveryCheck")
      .should().callMethod(org.monitoringstack.gate.model.Resource.class, "source")
      .because("a finding is located through the CheckContext; its verdict must not depend on"
          + " whether the render had origin annotations");

  @ArchTest
  static final ArchRule reports_run_no_processes = noClasses()
      .that().resideInAPackage("..gate.report..")
      .should().dependOnClassesThat().resideInAPackage("..gate.exec..")
      .orShould().callConstructor(ProcessBuilder.class, String[].class)
      .orShould().callConstructor(ProcessBuilder.class, java.util.List.class)
      .because("a report prints what it is given: the CLI finds the run's revision once");

  @ArchTest
  static final ArchRule only_the_cli_exits = noClasses()
      .that().resideOutsideOfPackage("..gate.cli..")
      .should().callMethod(System.class, "exit", int.class)
      .because("exit codes are the CLI's decision");

  /**
   * The render cache and {@code --changed-since} share one kustomization graph ({@code
   * impact.KustomizeGraph}); the render package gets it as a function from the pipeline, never by
   * depending on the impact analysis, and the impact analysis does not render.
   */
  @ArchTest
  static final ArchRule render_does_not_depend_on_impact = noClasses()
      .that().resideInAPackage("..gate.render..")
      .should().dependOnClassesThat().resideInAPackage("..gate.impact..")
      .because("the pipeline passes the kustomization graph in as a function");

  @ArchTest
  static final ArchRule impact_does_not_depend_on_render = noClasses()
      .that().resideInAPackage("..gate.impact..")
      .should().dependOnClassesThat().resideInAPackage("..gate.render..")
      .because("the impact analysis reads kustomizations; it never renders");

  @ArchTest
  static final ArchRule schema_does_not_depend_on_render = noClasses()
      .that().resideInAPackage("..gate.schema..")
      .should().dependOnClassesThat().resideInAPackage("..gate.render..")
      .because("a render's result is model.RenderedTarget: validating it needs no renderer");

  /** Layers that may use a stage: the ones above it and its sibling stages. */
  private static String[] above(String stage) {
    return java.util.stream.Stream.concat(
            java.util.stream.Stream.of("cli", "pipeline"),
            java.util.Arrays.stream(STAGES).filter(s -> !s.equals(stage)))
        .toArray(String[]::new);
  }
}
