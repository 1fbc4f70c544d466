/**
 * Advisory feeds fetched over HTTP (OSV API, NVD API 2.0, MyJVN API) with java.net.http only; each
 * answer is read by {@link dev.mimamori.vuln.advisory.AdvisoryReader} like a file.
 */
@NullMarked
package dev.mimamori.vuln.feed;

import org.jspecify.annotations.NullMarked;
