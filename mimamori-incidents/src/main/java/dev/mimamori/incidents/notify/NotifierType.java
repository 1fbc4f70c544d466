package dev.mimamori.incidents.notify;

import java.util.function.Function;

/** A kind of notifier: its name, its config record, and the factory that builds it. */
public record NotifierType<C>(String name, Class<C> configClass, Function<C, Notifier> factory) {
  public Notifier create(Object config) {
    return factory.apply(configClass.cast(config));
  }
}
