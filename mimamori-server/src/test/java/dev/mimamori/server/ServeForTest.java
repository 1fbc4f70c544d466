package dev.mimamori.server;

import dev.mimamori.pipeline.SourceSpec;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * A server in a process of its own, for tests that kill it: {@code ServeForTest DATA LOG NOTIFY}.
 * Prints {@code port N} once it listens.
 */
public final class ServeForTest {
  private ServeForTest() {}

  public static void main(String[] args) throws Exception {
    ServerConfig config =
        ServerConfig.of(
                "127.0.0.1",
                0,
                Path.of(args[0]),
                null,
                List.of(
                    new SourceSpec(
                        Path.of(args[1]), "combined", "shop-a", "shop.example.jp", true)))
            .withNotify(Path.of(args[2]))
            .withSingleFactorAllowed(true);
    MimamoriRuntime rt =
        MimamoriRuntime.start(config, Clock.systemUTC(), ServerFixture.ADMIN_PASSWORD);
    System.out.println("port " + rt.port());
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
