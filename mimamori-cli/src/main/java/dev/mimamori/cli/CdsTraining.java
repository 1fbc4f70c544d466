package dev.mimamori.cli;

import java.nio.file.Path;

/**
 * The launcher's training run for its class-data-sharing archive: the commands people run most,
 * once each over tiny inputs, so the classes they load are in the archive. Not a user command.
 */
final class CdsTraining {
  private CdsTraining() {}

  public static void main(String[] args) {
    Path dir = Path.of(args[0]);
    String log = dir.resolve("access.log").toString();
    String data = dir.resolve("data").toString();
    String www = dir.resolve("www").toString();
    Main.run("ingest", log, "--data-dir", data);
    Main.run("detect", log, "--json");
    Main.run("fim", "baseline", www, "--data-dir", data);
    Main.run("fim", "check", www, "--data-dir", data, "--json");
    Main.run("scan", "--json", www);
    Main.run("version");
  }
}
