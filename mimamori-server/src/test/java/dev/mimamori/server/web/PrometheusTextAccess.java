package dev.mimamori.server.web;

/** Opens {@link PrometheusText#escape} to tests in other packages. */
public final class PrometheusTextAccess {
  private PrometheusTextAccess() {}

  public static String escape(String v) {
    return PrometheusText.escape(v);
  }
}
