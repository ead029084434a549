/**
 * Impact analysis for pull-request-scoped runs: which repository files each target's render
 * reads ({@link org.monitoringstack.gate.impact.KustomizeGraph}, by following every
 * kustomization reference and every in-repo path a cluster's sync objects point at), and which
 * targets a set of changed files affects ({@link org.monitoringstack.gate.impact.ChangedTargets},
 * from {@code git diff}). It errs on the side of validating too much: a change it cannot explain
 * selects every target. The same graph keys the render cache (the pipeline passes {@code
 * KustomizeGraph} inputs to {@code render.CachingRenderer}), so a file it misses would both skip
 * a target and serve a stale render; {@code ChangedTargetsTest} guards against that.
 */
package org.monitoringstack.gate.impact;
