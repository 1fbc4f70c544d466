/**
 * Web-attack analysis of request values beyond literal signatures: values are decoded the ways a
 * server or browser may decode them, then SQL and HTML are tokenized and the token streams judged
 * by structure, and simple linear scanners look for traversal, command, PHP, SSRF and Log4Shell
 * payloads. Written in the manner of libinjection (tokenize, fold, classify) with this project's
 * own tokenizers and rules. Every analyzer is linear in its input, bounded, and never throws.
 */
@NullMarked
package dev.mimamori.detect.web;

import org.jspecify.annotations.NullMarked;
