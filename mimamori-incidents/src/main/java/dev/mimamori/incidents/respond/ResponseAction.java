package dev.mimamori.incidents.respond;

/** Something mimamori does to contain an attack: block an address, quarantine a file, ... */
public interface ResponseAction {
  /** The type name, as in configuration. */
  String type();

  ActionResult execute(ActionRequest request) throws ActionException;
}
