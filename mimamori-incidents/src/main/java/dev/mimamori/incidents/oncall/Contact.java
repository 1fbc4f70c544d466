package dev.mimamori.incidents.oncall;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One way to page a person: a configured notification channel and the person's address on it.
 *
 * @param channel the name of a configured channel ({@code email}, {@code line}, …); the server maps
 *     it to a notifier
 * @param address the recipient on that channel: an e-mail address, a LINE user id, a room id
 */
public record Contact(String channel, String address) {
  private static final Pattern CHANNEL = Pattern.compile("[a-z][a-z0-9_-]{0,31}");

  public Contact {
    Objects.requireNonNull(channel, "channel");
    if (!CHANNEL.matcher(channel).matches()) {
      throw new IllegalArgumentException(
          "channel '"
              + Names.shown(channel)
              + "' must be 1 to 32 lower-case letters, digits, '_' or '-', starting with a letter");
    }
    Names.text(address, "address", 320);
  }
}
