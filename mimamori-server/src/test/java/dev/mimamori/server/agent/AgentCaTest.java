package dev.mimamori.server.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mimamori.agent.AgentIdentity;
import dev.mimamori.server.account.SecretBox;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentCaTest {
  @TempDir Path dir;

  private AgentCa ca() throws Exception {
    return AgentCa.open(dir, SecretBox.open(dir, null), Clock.systemUTC());
  }

  @Test
  void issuesAClientCertificateNamedByTheAgentIdNotByTheRequest() throws Exception {
    KeyPair pair = AgentIdentity.newKeyPair();
    X509Certificate c = ca().issueAgent(AgentIdentity.csr(pair, "CN=admin"), "agt_1");
    assertThat(c.getSubjectX500Principal().getName()).isEqualTo("CN=agt_1");
  }

  @Test
  void issuedCertificateIsForClientAuthenticationOnly() throws Exception {
    KeyPair pair = AgentIdentity.newKeyPair();
    X509Certificate c = ca().issueAgent(AgentIdentity.csr(pair, "shop"), "agt_1");
    assertThat(c.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
  }

  @Test
  void issuedCertificateVerifiesWithTheCaKey() throws Exception {
    AgentCa ca = ca();
    X509Certificate c = ca.issueAgent(AgentIdentity.csr(AgentIdentity.newKeyPair(), "s"), "agt_2");
    c.verify(ca.certificate().getPublicKey());
    assertThat(c.getIssuerX500Principal()).isEqualTo(ca.certificate().getSubjectX500Principal());
  }

  @Test
  void caSurvivesARestartWithTheSameKey() throws Exception {
    String pin = ca().pin();
    assertThat(ca().pin()).isEqualTo(pin);
  }

  @Test
  void refusesARequestThatIsNotPem() throws Exception {
    AgentCa ca = ca();
    assertThatThrownBy(() -> ca.issueAgent("hello", "agt_3"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a PEM certificate request");
  }

  @Test
  void anIpv6ListenerNameIsAnAddressInTheCertificate() throws Exception {
    var l = ca().listener(java.util.List.of("2001:db8::1"));
    var cert = (X509Certificate) l.keyStore().getCertificateChain("agent-listener")[0];
    assertThat(cert.getSubjectAlternativeNames())
        .anySatisfy(san -> assertThat(san.get(0)).isEqualTo(7)); // 7: iPAddress
  }
}
