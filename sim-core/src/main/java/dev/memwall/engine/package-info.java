/**
 * The discrete-event engine: the {@link dev.memwall.engine.EventLoop} (event kinds registered at
 * build time, each with its handler; work counters), its {@link dev.memwall.engine.EventHeap} on
 * parallel primitive arrays and the primitive queues the scheduler uses. Knows nothing of LLMs:
 * an event is a time in nanoseconds, a kind and an int argument.
 */
package dev.memwall.engine;
