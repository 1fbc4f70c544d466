package dev.mimamori.server;

import dev.mimamori.store.Store;
import dev.mimamori.store.User;
import java.security.SecureRandom;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Makes sure there is a first admin. Its password comes from {@code MIMAMORI_ADMIN_PASSWORD} when
 * that is set (and is re-applied on every start, so an operator can reset it); otherwise a random
 * one is made on first start and returned once to be printed.
 */
public final class AdminBootstrap {
  public static final String ENV = "MIMAMORI_ADMIN_PASSWORD";
  public static final String ADMIN_USER = "admin";
  public static final String OPERATOR_TENANT = User.OPERATOR_TENANT;
  private static final String ALPHABET =
      "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

  private AdminBootstrap() {}

  /**
   * @return the generated password to show once, or empty when none was generated
   */
  public static Optional<String> ensureAdmin(Store store, @Nullable String envPassword) {
    store.tenants().ensure(OPERATOR_TENANT, "SOC operators");
    boolean exists = store.users().exists(ADMIN_USER);
    if (envPassword != null && !envPassword.isEmpty()) {
      // The operator chose it: no length policy here, but never an empty one.
      String pw = envPassword;
      if (exists) {
        store.users().setPasswordUnchecked(ADMIN_USER, pw);
      } else {
        store.users().createUnchecked(OPERATOR_TENANT, ADMIN_USER, pw, User.ADMIN);
      }
      return Optional.empty();
    }
    if (exists) {
      return Optional.empty();
    }
    String generated = randomPassword();
    store.users().create(OPERATOR_TENANT, ADMIN_USER, generated, User.ADMIN);
    return Optional.of(generated);
  }

  static String randomPassword() {
    SecureRandom r = new SecureRandom();
    StringBuilder b = new StringBuilder(20);
    for (int i = 0; i < 20; i++) {
      b.append(ALPHABET.charAt(r.nextInt(ALPHABET.length())));
    }
    return b.toString();
  }
}
