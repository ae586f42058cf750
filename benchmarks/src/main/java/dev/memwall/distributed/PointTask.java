package dev.memwall.distributed;

import java.io.Serializable;
import java.util.concurrent.Callable;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;

import dev.memwall.sweep.PointRunner;
import dev.memwall.sweep.PointSpec;

/**
 * One point, run on a member: returns its {@code points.jsonl} line. The study's files come
 * from the cluster map by digest.
 */
final class PointTask implements Callable<String>, Serializable, HazelcastInstanceAware {
    private static final long serialVersionUID = 1L;

    private final String digest;
    private final PointSpec spec;
    private transient HazelcastInstance hz;

    PointTask(String digest, PointSpec spec) {
        this.digest = digest;
        this.spec = spec;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance instance) {
        this.hz = instance;
    }

    @Override
    public String call() {
        String worker = hz.getCluster().getLocalMember().getAddress() + "/" + Thread.currentThread().getName();
        return new PointRunner(BundleCache.files(hz, digest), worker).run(spec).toJsonLine();
    }
}
