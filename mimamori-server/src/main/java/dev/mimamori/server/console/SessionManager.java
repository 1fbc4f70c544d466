package dev.mimamori.server.console;

import dev.mimamori.store.User;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Console sessions in memory: a restart logs everyone out, which is the safe direction. */
public final class SessionManager {
  private static final int MAX_SESSIONS = 10_000;

  private final Clock clock;
  private final Duration lifetime;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();

  public SessionManager(Clock clock, Duration lifetime) {
    this.clock = clock;
    this.lifetime = lifetime;
  }

  public Session create(User user) {
    return create(user, Session.Stage.SIGNED_IN, lifetime);
  }

  /** A session at a stage of the sign-in, for a while (a half sign-in lives minutes). */
  public Session create(User user, Session.Stage stage, Duration life) {
    if (sessions.size() >= MAX_SESSIONS) {
      long now = clock.millis();
      sessions.values().removeIf(s -> s.expiresAtMillis() <= now);
    }
    long now = clock.millis();
    Session s = new Session(token(), user, token(), now + life.toMillis(), now, stage);
    sessions.put(s.id(), s);
    return s;
  }

  public Optional<Session> find(String id) {
    if (id == null) {
      return Optional.empty();
    }
    Session s = sessions.get(id);
    if (s == null) {
      return Optional.empty();
    }
    if (s.expiresAtMillis() <= clock.millis()) {
      sessions.remove(id);
      return Optional.empty();
    }
    return Optional.of(s);
  }

  public void end(String id) {
    if (id != null) {
      sessions.remove(id);
    }
  }

  public String token() {
    byte[] b = new byte[32];
    random.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
