package dev.mimamori.scan.yara;

/**
 * The external variables of one scan, as LOKI defines them for the rule sets written for it
 * (signature-base uses {@code filepath}): the base name, the full path, the extension in lower case
 * with its dot ({@code .php}), a type from the first bytes ({@link Magic}), and the owner's user
 * name.
 */
record Externals(
    String filename, String filepath, String extension, String filetype, String owner) {}
