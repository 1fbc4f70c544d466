package dev.mimamori.incidents.respond;

import java.util.function.Function;

/** A kind of response action: its name, its config record, and the factory that builds it. */
public record ResponseActionType<C>(
    String name, Class<C> configClass, Function<C, ResponseAction> factory) {
  public ResponseAction create(Object config) {
    return factory.apply(configClass.cast(config));
  }
}
