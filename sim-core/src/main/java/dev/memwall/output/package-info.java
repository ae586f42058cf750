/**
 * How every tool writes its files: whole files through a temporary sibling renamed into place
 * ({@link dev.memwall.output.AtomicFiles}), after checking, before any work, that no output is an
 * input or another output and that each can be written ({@link dev.memwall.output.OutputPaths}).
 */
package dev.memwall.output;
