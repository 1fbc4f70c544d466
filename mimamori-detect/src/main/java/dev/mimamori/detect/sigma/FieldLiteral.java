package dev.mimamori.detect.sigma;

/**
 * A lower-cased literal the prefilter looks for in one field's (raw or decoded) lower-cased text.
 */
record FieldLiteral(String field, String literal) {}
