/**
 * The one validation layer every input goes through: the one-line
 * {@link dev.memwall.input.InputException}, reading JSON files into trees
 * ({@link dev.memwall.input.JsonFiles}), walking their values with typed, path-naming checks in one
 * wording ({@link dev.memwall.input.JsonFields}), the documented {@link dev.memwall.input.Range} of
 * each number, and "did you mean" suggestions by one typo rule
 * ({@link dev.memwall.input.KeySuggestions}).
 */
package dev.memwall.input;
