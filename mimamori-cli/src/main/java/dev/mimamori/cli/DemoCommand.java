package dev.mimamori.cli;

import dev.mimamori.pipeline.SourceSpec;
import dev.mimamori.server.ServerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Start the server on the embedded database and feed it the bundled access log of an EC-CUBE shop",
      "under attack (the stages of the 2021 skimming case), through the normal ingest path."
    })
final class DemoCommand implements Callable<Integer> {
  static final String DEMO_LOG = "/demo/eccube-access.log";
  static final String DEMO_TENANT = "demo";
  static final String DEMO_ASSET = "furusato-shop.example.jp";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin ListenOptions listen;

  @Option(
      names = "--data-dir",
      description = "Directory for the demo's data (default: a new temporary directory).")
  Path dataDir;

  @Override
  public Integer call() throws Exception {
    Path dir = dataDir != null ? dataDir : Files.createTempDirectory("mimamori-demo-");
    Path log = dir.resolve("logs").resolve("eccube-access.log");
    copyDemoLog(log);
    var out = spec.commandLine().getOut();
    out.println("mimamori demo: replaying " + log + " (an EC-CUBE shop's access log) into " + dir);
    SourceSpec source = new SourceSpec(log, "combined", DEMO_TENANT, DEMO_ASSET, true);
    return ServeCommand.runServer(
        out,
        ServerConfig.of(listen.host, listen.port, dir, null, List.of(source)),
        () -> {
          out.println("  the demo's incidents appear within seconds: open the console or");
          out.println("  curl the API with a token (see README.md).");
          out.flush();
        });
  }

  static void copyDemoLog(Path target) throws IOException {
    if (Files.exists(target)) {
      return; // keep a log the user appended to; its position is in the store
    }
    Files.createDirectories(target.getParent());
    try (InputStream in = DemoCommand.class.getResourceAsStream(DEMO_LOG)) {
      if (in == null) {
        throw new IOException("the demo log is missing from the build: " + DEMO_LOG);
      }
      Files.copy(in, target);
    }
  }
}
