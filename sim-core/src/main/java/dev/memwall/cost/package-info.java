/**
 * What a run costs: price books ({@code configs/prices/*.json}, every number with its source) and
 * the cost of a run from its GPU-hours, the memory it added and its energy. A run's cost is a
 * function of what it reports; nothing here runs on the event loop.
 */
package dev.memwall.cost;
