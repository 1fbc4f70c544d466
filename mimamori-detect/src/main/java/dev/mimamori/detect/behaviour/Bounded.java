package dev.mimamori.detect.behaviour;

/** What a behaviour rule holds, against its caps (tests of the bounds, status pages). */
interface Bounded {
  int groupCount();

  long heldUnits();

  int maxGroups();

  long maxHeld();
}
