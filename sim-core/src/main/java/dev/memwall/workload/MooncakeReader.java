package dev.memwall.workload;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;



/**
 * Mooncake's FAST'25 trace JSONL: {@code {timestamp, input_length, output_length, hash_ids?}} per
 * line. {@code timestamp} is in milliseconds (an integer, or a decimal rounded to the ns) and
 * becomes {@code arrivalNs = timestamp * 1e6}; timestamps are non-decreasing. Lengths are integers
 * {@code >= 1}. {@code hash_ids} are the 512-token prefix blocks of the input, kept in
 * {@link TraceEntry#hashIds} for prefix-cache studies; without them {@code hashIdCount} is -1.
 */
final class MooncakeReader extends JsonlTraceReader {
    static final List<String> KEYS = List.of("timestamp", "input_length", "output_length", "hash_ids");
    /** Tokens per hash block in Mooncake's published traces. */
    static final int HASH_BLOCK_TOKENS = 512;

    private final boolean[] seen = new boolean[KEYS.size()];

    MooncakeReader(Path path, String file) {
        super(path, file);
    }

    @Override
    void parse(char[] chars, int start, int length, int line, TraceEntry e) throws IOException {
        e.clear();
        json.begin(chars, start, length, line);
        Arrays.fill(seen, false);
        String shown = null;
        for (String key; (key = json.nextKey()) != null; ) {
            int k = KEYS.indexOf(key);
            if (k < 0) {
                throw json.unknownKey(key, KEYS);
            }
            if (seen[k]) {
                throw json.duplicate(key);
            }
            seen[k] = true;
            switch (k) {
                case 0:
                    e.arrivalNs = json.millisAsNs(key);
                    shown = json.text();
                    break;
                case 1:
                    e.inputTokens[0] = json.intAtLeast(key, 1);
                    break;
                case 2:
                    e.outputTokens[0] = json.intAtLeast(key, 1);
                    break;
                default:
                    e.hashIdCount = json.readHashIds(key, e);
                    break;
            }
        }
        json.end();
        for (int k = 0; k < 3; k++) {
            if (!seen[k]) {
                throw json.missing(KEYS.get(k));
            }
        }
        e.subRequests = 1;
        e.toolDurationNs[0] = 0;
        e.hashBlockTokens = HASH_BLOCK_TOKENS;
        order.check(file, line, "timestamp", e.arrivalNs, shown);
    }
}
