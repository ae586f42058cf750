/**
 * What every room shares about bad input: the one-line {@link dev.memwall.input.InputException},
 * reading a JSON file into a tree ({@link dev.memwall.input.JsonFiles}) and its objects with typed,
 * path-naming getters ({@link dev.memwall.input.JsonFields}), and "did you mean" suggestions for
 * misspelt keys ({@link dev.memwall.input.KeySuggestions}).
 */
package dev.memwall.input;
