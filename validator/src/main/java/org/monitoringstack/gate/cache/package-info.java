/**
 * The gate's one on-disk cache mechanism: {@link org.monitoringstack.gate.cache.ContentStore}
 * (entries verified before use, written atomically), {@link
 * org.monitoringstack.gate.cache.Digest} (SHA-256 content keys) and {@link
 * org.monitoringstack.gate.cache.FileIdentity} (what identifies a binary or the validator's own
 * build). A cache built on it can cost a run time but never change its verdict: an entry that
 * does not match its key or its own digest is a miss. It depends on nothing else in the
 * validator.
 */
package org.monitoringstack.gate.cache;
