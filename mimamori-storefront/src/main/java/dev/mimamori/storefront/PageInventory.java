package dev.mimamori.storefront;

import java.util.List;

/**
 * What one page load showed a customer's browser: its scripts, requests, frames, forms and CSP, and
 * what it sent after test card data and a password were typed into its sensitive fields.
 */
public record PageInventory(
    String url,
    String finalUrl,
    String host,
    List<Script> scripts,
    List<Request> requests,
    List<String> iframes,
    List<Form> forms,
    Csp csp,
    List<Request> afterInput,
    List<String> limits) {

  /** {@code limits} says what a hostile page made too much of and was left out. */
  public PageInventory {
    limits = limits == null ? List.of() : List.copyOf(limits);
  }

  /**
   * A script element or script response. {@code hash} is the SHA-256 of its text, or empty when the
   * body could not be read.
   */
  public record Script(
      String src, String hash, boolean inline, String host, boolean addedByScript, int length) {}

  /**
   * A request the page made. {@code carriesSensitiveData} says whether a typed test value is in its
   * URL or body; {@code initiatorScript} is the script that made it, where Chromium knows it.
   */
  public record Request(
      String url,
      String host,
      String method,
      String type,
      String initiator,
      String initiatorScript,
      boolean failed,
      String error,
      boolean carriesSensitiveData) {}

  /** A form and what its fields look like. */
  public record Form(String action, String method, List<Field> fields) {}

  /** One input of a form and the kind of data it seems to take. */
  public record Field(String name, String id, String type, String autocomplete, FieldKind kind) {}

  /** The main document's Content-Security-Policy headers and meta elements. */
  public record Csp(String header, String reportOnlyHeader, List<String> meta) {}
}
