package dev.mimamori.fim;

import java.nio.file.Path;

/** A directory entry met by the walk, with its metadata read without following links. */
public record Entry(Path absolute, FileRecord record) {}
