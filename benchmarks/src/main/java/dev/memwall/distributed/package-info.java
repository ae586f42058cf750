/**
 * Sweeps spread over a Hazelcast cluster: {@link dev.memwall.distributed.Members} configures and
 * starts worker members (TCP/IP join with an explicit member list; multicast and phone-home off),
 * {@link dev.memwall.distributed.ClusterExecutor} sends points to them from a client and takes
 * the results back, running again elsewhere any point whose member left.
 */
package dev.memwall.distributed;
