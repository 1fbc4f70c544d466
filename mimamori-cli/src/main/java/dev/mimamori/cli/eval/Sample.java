package dev.mimamori.cli.eval;

/**
 * One labelled access-log line.
 *
 * @param set the data set and part it comes from, e.g. {@code HttpParamsDataset/sqli}
 * @param attack whether it is an attack (else benign traffic)
 * @param expected the attack class it should be reported as ({@code sqli}, {@code xss}, ...), or
 *     empty when any class counts
 * @param line the access-log line ({@code combined} format)
 */
public record Sample(String set, boolean attack, String expected, String line) {}
