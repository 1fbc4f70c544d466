/**
 * Real YARA through libyara (JNA, no JNI code of our own): {@link dev.mimamori.scan.yara.YaraRules}
 * compiles rule files as they are, reporting and skipping what libyara refuses, and {@link
 * dev.mimamori.scan.yara.YaraScanner} runs them over files from any number of threads.
 */
@NullMarked
package dev.mimamori.scan.yara;

import org.jspecify.annotations.NullMarked;
