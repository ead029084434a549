package org.monitoringstack.gate.report;

/** {@code policies/requirements.yaml} is missing or malformed; the message names file and entry. */
public class RequirementCatalogException extends RuntimeException {

  public RequirementCatalogException(String message) {
    super(message);
  }

  public RequirementCatalogException(String message, Throwable cause) {
    super(message, cause);
  }
}
