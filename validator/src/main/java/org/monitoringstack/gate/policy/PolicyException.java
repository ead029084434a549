package org.monitoringstack.gate.policy;

/** A policy file or parameter is unusable; the message is complete and meant for the user. */
public class PolicyException extends RuntimeException {

  public PolicyException(String message) {
    super(message);
  }
}
