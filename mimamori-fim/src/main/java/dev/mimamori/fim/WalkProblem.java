package dev.mimamori.fim;

/** An entry that could not be read as it should: reported, skipped, never fatal. */
public record WalkProblem(String path, String reason) {}
