/** Rule types: each a config record, a factory and one registration line in {@code RuleTypes}. */
@NullMarked
package dev.mimamori.detect.rules;

import org.jspecify.annotations.NullMarked;
