package dev.mimamori.cli;

import picocli.CommandLine.Option;

/** Options that say whose logs are read and in what format. */
final class SourceOptions {
  @Option(
      names = "--format",
      defaultValue = "auto",
      description = "Log format: auto, combined or common (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(
      names = "--tenant",
      defaultValue = "default",
      description = "Tenant (customer) the logs belong to (default: ${DEFAULT-VALUE}).")
  String tenant;

  @Option(
      names = "--asset",
      defaultValue = "shop",
      description = "Name of the shop the logs come from (default: ${DEFAULT-VALUE}).")
  String asset;
}
