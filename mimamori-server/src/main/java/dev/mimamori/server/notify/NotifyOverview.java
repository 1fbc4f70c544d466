package dev.mimamori.server.notify;

import java.util.List;

/**
 * The notification configuration as the console shows it: the settings in use and the channels
 * described without their secrets.
 */
public record NotifyOverview(NotifySettings settings, List<ChannelInfo> channels) {
  public NotifyOverview {
    channels = List.copyOf(channels);
  }
}
