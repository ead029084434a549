package org.monitoringstack.gate.render;

/** A path given on the command line is not (inside) a target; the message is for the user. */
public class TargetSelectionException extends RuntimeException {

  public TargetSelectionException(String message) {
    super(message);
  }
}
