/**
 * Power and energy: LLMServingSim's node power model (NPU idle, standby and active states with
 * {@code standby_duration}; CPU; DRAM and link energy per bit plus idle draw; NIC; storage; base
 * node power), plus what it lacks: CXL memory devices and the GPUs' host links. A
 * {@link dev.memwall.power.PowerModel} is resolved once per cluster from its {@code power}
 * blocks, or from sourced defaults ({@link dev.memwall.power.PowerDefaults}) where a node has
 * none; {@link dev.memwall.power.EnergyMeter} turns what a run counted (busy, compute and standby
 * time per instance, bytes moved per device and link, simulated time) into joules per component.
 * Nothing here runs on the event loop.
 */
package dev.memwall.power;
