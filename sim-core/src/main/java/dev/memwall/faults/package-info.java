/**
 * Faults injected into a run ({@code --fault}, or a cluster config's {@code faults}): a CXL device
 * lost or hot-unplugged and plugged back, a host link degraded, an instance's GPUs lost; and the
 * cold start (instances held until their weights are loaded). Each is an event kind registered on
 * the simulation's {@link dev.memwall.engine.EventLoop} with its handler here; what a fault does to
 * the cluster, and its account, is {@link dev.memwall.serving.FaultControl}'s.
 */
package dev.memwall.faults;
