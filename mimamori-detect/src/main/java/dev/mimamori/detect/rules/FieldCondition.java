package dev.mimamori.detect.rules;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One test on one field of an event. Exactly one of {@code regex}, {@code equals}, {@code prefix},
 * {@code gte} is given.
 *
 * @param field the ECS field name
 * @param decode match the percent-decoded, lower-cased text (for attacker-controlled fields)
 * @param regex an RE2 regular expression, searched anywhere in the value (linear time)
 * @param contains the value contains any of these (case-insensitive); much cheaper than a regex
 *     alternation of literals
 * @param equals the value is one of these (case-insensitive)
 * @param prefix the value starts with this (case-insensitive)
 * @param gte the value is a number at least this
 * @param negate the condition holds when the test fails
 * @param prefilter with {@code regex}: words of which the value must contain at least one for the
 *     regex to be run at all (case-insensitive); a cheap first pass, so every way the regex can
 *     match must contain one of them
 */
public record FieldCondition(
    String field,
    @Nullable Boolean decode,
    @Nullable String regex,
    @Nullable List<String> contains,
    @Nullable List<String> equals,
    @Nullable String prefix,
    @Nullable Long gte,
    @Nullable Boolean negate,
    @Nullable List<String> prefilter) {}
