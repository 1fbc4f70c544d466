/**
 * Advisory files (OSV, GitLab, CVE JSON 5, NVD API 2.0, JVN) read into one model and merged by
 * alias; a bad record is an error of its own and never stops a file.
 */
@NullMarked
package dev.mimamori.vuln.advisory;

import org.jspecify.annotations.NullMarked;
