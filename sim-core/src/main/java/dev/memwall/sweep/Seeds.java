package dev.memwall.sweep;

import java.nio.charset.StandardCharsets;

/**
 * Per-point seeds: the study seed mixed with a 64-bit FNV-1a hash of the point's key through
 * SplitMix64's finalizer. A point's seed thus depends on nothing but the study seed and its
 * parameters: not on thread count, shard, member or order.
 */
final class Seeds {
    private Seeds() {
    }

    static long of(long studySeed, String key) {
        long h = 0xcbf29ce484222325L;
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xFF;
            h *= 0x100000001b3L;
        }
        return mix(mix(studySeed) ^ h);
    }

    private static long mix(long z) {
        z += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
