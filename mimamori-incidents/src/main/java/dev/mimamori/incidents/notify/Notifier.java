package dev.mimamori.incidents.notify;

/** Sends notifications somewhere. */
public interface Notifier {
  /** The type name, as in configuration. */
  String type();

  void send(Notification notification) throws NotificationException;
}
