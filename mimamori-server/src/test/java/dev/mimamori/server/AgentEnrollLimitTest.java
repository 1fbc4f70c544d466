package dev.mimamori.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mimamori.agent.AgentIdentity;
import dev.mimamori.agent.protocol.Protocol;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent listener faces the network: guessing enrollment tokens is throttled per address. */
class AgentEnrollLimitTest {
  @TempDir Path dir;

  @Test
  void manyEnrollmentAttemptsFromOneAddressAreThrottled() throws Exception {
    try (MimamoriRuntime rt =
        MimamoriRuntime.start(
            ServerFixture.config(dir.resolve("data"), ServerFixture.writeLog(dir), null),
            Clock.systemUTC(),
            ServerFixture.ADMIN_PASSWORD)) {
      var ca =
          AgentIdentity.certificate(
              Files.readString(dir.resolve("data").resolve("agent-ca").resolve("ca.crt")));
      HttpClient c =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .sslContext(AgentIdentity.trusting(ca))
              .build();
      String body =
          "{\"protocol\":1,\"token\":\"mme_guess\",\"csr\":\"x\",\"name\":\"n\",\"host\":{}}";
      int last = 0;
      for (int i = 0; i < 70 && last != 429; i++) {
        last =
            c.send(
                    HttpRequest.newBuilder(
                            URI.create("https://127.0.0.1:" + rt.agentPort() + Protocol.ENROLL))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .statusCode();
      }
      assertThat(last).isEqualTo(429);
    }
  }
}
