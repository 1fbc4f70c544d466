package dev.mimamori.agent.protocol;

import java.util.Map;

/** The enrollment exchange. */
public final class Enrollment {
  private Enrollment() {}

  /**
   * What an agent sends once.
   *
   * @param token the enrollment token (its secret part)
   * @param csr a PKCS#10 certificate request (PEM) for the key the agent made
   * @param name what the agent calls itself (its host name)
   */
  public record Request(
      int protocol, String token, String csr, String name, Map<String, String> host) {
    public Request {
      java.util.Objects.requireNonNull(token, "token");
      java.util.Objects.requireNonNull(csr, "csr");
      java.util.Objects.requireNonNull(name, "name");
      host = Map.copyOf(host);
    }
  }

  /**
   * The server's answer.
   *
   * @param agent the agent's id
   * @param certificate its client certificate (PEM)
   * @param ca the certificate of the server's agent CA (PEM): the only one the agent trusts
   */
  public record Answer(String agent, String tenant, String site, String certificate, String ca) {}
}
