/**
 * Mixture-of-experts routing: which experts a step's tokens activate, per expert-parallel rank
 * ({@link dev.memwall.moe.ExpertGate}), under a policy ({@link dev.memwall.moe.ExpertRouting}).
 * Depends on nothing but input errors; the timing backends and the serving core use it.
 */
package dev.memwall.moe;
