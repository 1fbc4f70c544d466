package dev.mimamori.incidents.respond;

/**
 * Something mimamori does to contain an attack: block an address, quarantine a file, ... Every
 * action can be undone, and every one honours {@link ActionRequest#dryRun()} (validate, say what
 * would be done, change nothing).
 */
public interface ResponseAction {
  /** The type name, as in configuration. */
  String type();

  /**
   * Carries the action out. Doing it again changes nothing ({@link ActionResult#changed()} false).
   */
  ActionResult execute(ActionRequest request) throws ActionException;

  /**
   * Reverses {@link #execute} for the same request. Undoing what is not (or no longer) in place
   * changes nothing; an action that cannot be reversed safely throws a permanent {@link
   * ActionException} that says how a person can reverse it.
   */
  ActionResult undo(ActionRequest request) throws ActionException;

  /**
   * Whether the thing acted on ends the action itself when {@link ActionRequest#ttl()} runs out (a
   * kernel set element's timeout, a decision's end). Otherwise the server undoes it when its ttl
   * runs out.
   */
  default boolean expiresByItself() {
    return false;
  }
}
