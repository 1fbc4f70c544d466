package dev.mimamori.server.account;

import dev.mimamori.server.web.LoginThrottle;
import dev.mimamori.store.SecondFactorRepository;
import dev.mimamori.store.Store;
import dev.mimamori.store.User;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The TOTP second factor: required for admins and analysts (who can act on every incident they
 * see), optional for customers and viewers. Secrets are sealed before the store sees them, each
 * code is accepted once, and wrong codes are throttled per address and per account.
 */
public final class SecondFactor {
  static final String PURPOSE = "totp-secret";
  private static final int SECRET_BYTES = 20;
  private static final String ISSUER = "mimamori";

  /** A secret to put into an authenticator app: as text to type, and as an otpauth URI. */
  public record Enrollment(String secret, String uri) {}

  /** How a code check ended. */
  public enum Check {
    ACCEPTED,
    WRONG,
    THROTTLED,
    NOT_ENROLLED
  }

  private final SecondFactorRepository repository;
  private final SecretBox box;
  private final Clock clock;
  private final boolean required;
  private final LoginThrottle throttle;
  private final SecureRandom random = new SecureRandom();

  /**
   * @param required whether admins and analysts must have one ({@code serve} turns this off only
   *     with {@code --allow-single-factor}, for a lab)
   */
  public SecondFactor(Store store, SecretBox box, Clock clock, boolean required) {
    this.repository = store.secondFactors();
    this.box = box;
    this.clock = clock;
    this.required = required;
    // Ten wrong codes per account (from all addresses) and twenty per address in 15 minutes: a
    // guesser who holds the password gets under a thousand tries a day at a million codes.
    this.throttle = new LoginThrottle(clock, 20, 10, Duration.ofMinutes(15));
  }

  /** Whether this user may not work without a confirmed second factor. */
  public boolean requiredFor(User user) {
    return required && (User.ADMIN.equals(user.role()) || User.ANALYST.equals(user.role()));
  }

  public boolean enrolled(User user) {
    return repository.enrolled(user.id());
  }

  /**
   * A new secret for the user, pending until its first code is confirmed; empty when the user
   * already has a confirmed one (it is replaced only after a reset).
   */
  public Optional<Enrollment> begin(User user) {
    byte[] secret = new byte[SECRET_BYTES];
    random.nextBytes(secret);
    if (!repository.begin(user.id(), box.seal(PURPOSE, secret))) {
      return Optional.empty();
    }
    return Optional.of(enrollment(user, secret));
  }

  /**
   * A new secret that is not stored: the console keeps it in the sign-in session and stores it only
   * with its first right code ({@link #confirmFresh}), so nobody else's pending enrollment can be
   * shown to the user.
   */
  public byte[] freshSecret() {
    byte[] secret = new byte[SECRET_BYTES];
    random.nextBytes(secret);
    return secret;
  }

  /** How a secret is shown to the user: as text and as an otpauth URI. */
  public Enrollment enrollmentOf(User user, byte[] secret) {
    return enrollment(user, secret);
  }

  /** Stores a fresh secret once the code the user typed from it is right. */
  public Check confirmFresh(String clientIp, User user, byte[] secret, String code) {
    String key = "totp:" + user.id();
    if (throttle.begin(clientIp, key) > 0) {
      return Check.THROTTLED;
    }
    OptionalLong step = Totp.matchingStep(secret, code, clock.instant());
    if (step.isEmpty()) {
      return Check.WRONG;
    }
    if (!repository.enroll(user.id(), box.seal(PURPOSE, secret), step.getAsLong())) {
      return Check.NOT_ENROLLED; // a confirmed factor exists already
    }
    throttle.succeeded(clientIp, key);
    return Check.ACCEPTED;
  }

  /** Confirms a pending enrollment with its first code. */
  public Check confirm(String clientIp, User user, String code) {
    Optional<SecondFactorRepository.Totp> t = repository.find(user.id());
    if (t.isEmpty() || t.get().confirmed()) {
      return Check.NOT_ENROLLED;
    }
    return check(clientIp, user, t.get(), code);
  }

  /** Checks a code of a confirmed second factor, once per code. */
  public Check verify(String clientIp, User user, String code) {
    Optional<SecondFactorRepository.Totp> t = repository.find(user.id());
    if (t.isEmpty() || !t.get().confirmed()) {
      return Check.NOT_ENROLLED;
    }
    return check(clientIp, user, t.get(), code);
  }

  private Check check(String clientIp, User user, SecondFactorRepository.Totp t, String code) {
    String key = "totp:" + user.id();
    if (throttle.begin(clientIp, key) > 0) {
      return Check.THROTTLED;
    }
    Optional<byte[]> secret = secretOf(t);
    if (secret.isEmpty()) {
      return Check.WRONG;
    }
    OptionalLong step = Totp.matchingStep(secret.get(), code, clock.instant());
    if (step.isEmpty() || !repository.use(user.id(), step.getAsLong())) {
      return Check.WRONG; // a wrong code, or a right one already used (a replay)
    }
    throttle.succeeded(clientIp, key);
    return Check.ACCEPTED;
  }

  /** Removes a user's second factor (an admin's reset, or a user without the duty turning off). */
  public boolean reset(String userId) {
    return repository.reset(userId);
  }

  private Optional<byte[]> secretOf(SecondFactorRepository.Totp t) {
    try {
      return Optional.of(box.open(PURPOSE, t.sealedSecret()));
    } catch (GeneralSecurityException e) {
      // Another key (MIMAMORI_SECRET_KEY changed) or a damaged row: nobody can pass; an admin
      // resets the factor.
      org.slf4j.LoggerFactory.getLogger(SecondFactor.class)
          .warn("the second factor of user {} cannot be opened: {}", t.userId(), e.toString());
      return Optional.empty();
    }
  }

  private static Enrollment enrollment(User user, byte[] secret) {
    String text = Base32.encode(secret);
    String label =
        URLEncoder.encode(ISSUER + ":" + user.username(), StandardCharsets.UTF_8)
            .replace("+", "%20");
    String uri =
        "otpauth://totp/"
            + label
            + "?secret="
            + text
            + "&issuer="
            + ISSUER
            + "&algorithm=SHA1&digits="
            + Totp.DIGITS
            + "&period="
            + Totp.STEP_SECONDS;
    return new Enrollment(text, uri);
  }
}
