package dev.mimamori.vuln.inventory;

import java.util.List;

/** What a web root runs, and what could not be read (each note one line). */
public record Inventory(List<Component> components, List<String> notes) {
  public Inventory {
    components = List.copyOf(components);
    notes = List.copyOf(notes);
  }
}
