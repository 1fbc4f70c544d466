package dev.mimamori.fim;

/**
 * What a baseline says about itself.
 *
 * @param root the absolute root it describes
 * @param createdMillis when it was written
 * @param application the web application found under the root ({@code eccube4}, {@code wordpress},
 *     ... or {@code generic})
 * @param version that application's version when the baseline was taken, or ""
 */
public record BaselineHeader(String root, long createdMillis, String application, String version) {}
