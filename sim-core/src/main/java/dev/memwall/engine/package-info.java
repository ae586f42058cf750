/**
 * The event heap and primitive queues the simulation loop runs on. Knows nothing of LLMs: an event
 * is a time in nanoseconds, a kind and an int argument.
 */
package dev.memwall.engine;
