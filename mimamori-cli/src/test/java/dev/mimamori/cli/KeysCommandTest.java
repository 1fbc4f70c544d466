package dev.mimamori.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mimamori.store.DatabaseConfig;
import dev.mimamori.store.Store;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeysCommandTest {
  static MainTest.Result run(String... args) {
    return MainTest.run(args);
  }

  static String create(Path data, String... more) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "keys",
                "create",
                "--tenant",
                "furusato",
                "--name",
                "fluent-bit on web1",
                "--data-dir",
                data.toString()));
    args.addAll(List.of(more));
    MainTest.Result r = run(args.toArray(String[]::new));
    assertThat(r.code()).as(r.err()).isZero();
    return r.out().trim();
  }

  static String onlyId(Path data) {
    String out = run("keys", "list", "--data-dir", data.toString()).out();
    return out.lines().skip(1).findFirst().orElseThrow().split("\\s+")[0];
  }

  @Test
  void createsAKeyAndPrintsOnlyTheKey(@TempDir Path dir) {
    String key = create(dir.resolve("data"));

    assertThat(key).startsWith("mmk_").hasSize(47);
  }

  @Test
  void createsAKeyTheStoreAcceptsForItsTenantAndAsset(@TempDir Path dir) {
    Path data = dir.resolve("data");
    String key = create(data, "--asset", "web-1");

    try (Store s = Store.open(DatabaseConfig.parse(null, data), Clock.systemUTC())) {
      assertThat(s.ingestKeys().authenticate(key))
          .map(k -> k.tenant() + "/" + k.asset())
          .contains("furusato/web-1");
    }
  }

  @Test
  void listsKeysWithoutTheKeyItself(@TempDir Path dir) {
    Path data = dir.resolve("data");
    String key = create(data);

    MainTest.Result r = run("keys", "list", "--data-dir", data.toString());

    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("furusato", "fluent-bit on web1", "active", "never");
    assertThat(r.out()).doesNotContain(key);
  }

  @Test
  void listsKeysAsJsonLines(@TempDir Path dir) {
    Path data = dir.resolve("data");
    create(data);

    MainTest.Result r = run("keys", "list", "--json", "--data-dir", data.toString());

    assertThat(r.out().trim()).startsWith("{\"id\":").contains("\"revoked\":false");
  }

  @Test
  void revokesAKeySoTheStoreRefusesIt(@TempDir Path dir) {
    Path data = dir.resolve("data");
    String key = create(data);

    MainTest.Result r = run("keys", "revoke", onlyId(data), "--data-dir", data.toString());

    assertThat(r.code()).isZero();
    assertThat(run("keys", "list", "--data-dir", data.toString()).out()).contains("revoked");
    try (Store s = Store.open(DatabaseConfig.parse(null, data), Clock.systemUTC())) {
      assertThat(s.ingestKeys().authenticate(key)).isEmpty();
    }
  }

  @Test
  void failsToRevokeAnUnknownKey(@TempDir Path dir) {
    Path data = dir.resolve("data");
    create(data);

    MainTest.Result r = run("keys", "revoke", "no-such-id", "--data-dir", data.toString());

    assertThat(r.code()).isEqualTo(3);
    assertThat(r.err()).contains("no ingest key no-such-id");
  }

  @Test
  void answersABadTenantOrAssetWithUsageError(@TempDir Path dir) {
    String data = dir.resolve("data").toString();

    assertThat(
            run("keys", "create", "--tenant", "Bad Tenant", "--name", "x", "--data-dir", data)
                .code())
        .isEqualTo(2);
    assertThat(
            run(
                    "keys",
                    "create",
                    "--tenant",
                    "t",
                    "--name",
                    "x",
                    "--asset",
                    "a/b",
                    "--data-dir",
                    data)
                .code())
        .isEqualTo(2);
  }

  @Test
  void refusesToListAMissingDataDirectory(@TempDir Path dir) {
    MainTest.Result r = run("keys", "list", "--data-dir", dir.resolve("nope").toString());

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("no data directory");
  }

  @Test
  void hasHelpOnEveryKeysCommand() {
    for (String cmd : List.of("keys", "keys create", "keys list", "keys revoke")) {
      List<String> args = new java.util.ArrayList<>(List.of(cmd.split(" ")));
      args.add("--help");
      MainTest.Result r = run(args.toArray(String[]::new));
      assertThat(r.code()).as(cmd).isZero();
      assertThat(r.out()).as(cmd).contains("Usage: mimamori " + cmd);
    }
  }
}
