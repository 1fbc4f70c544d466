package dev.mimamori.uptime;

/** A monitor target that mimamori must not check, with the reason in the message. */
public final class TargetRefusedException extends IllegalArgumentException {
  public TargetRefusedException(String message) {
    super(message);
  }
}
