/** What every room shares about bad input: the one-line {@link dev.memwall.input.InputException}. */
package dev.memwall.input;
