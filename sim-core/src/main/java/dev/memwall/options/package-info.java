/**
 * Every simulation option declared once ({@link dev.memwall.options.RunOption}): name, meaning,
 * default, accepted values and where it goes. {@code simulate} builds its flags from the table,
 * study files read their {@code options} through it, and results record the options through it.
 */
package dev.memwall.options;
