package dev.mimamori.server;

/** Opens package-private helpers of {@link HttpServer} to tests. */
final class HttpServerAccess {
  private HttpServerAccess() {}

  static String redirectHost(String host) {
    return HttpServer.redirectHost(host);
  }
}
