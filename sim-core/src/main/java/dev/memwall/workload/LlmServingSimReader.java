package dev.memwall.workload;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;



/**
 * LLMServingSim's workload JSONL, one entry per line, both kinds mixed freely:
 * <ul>
 *   <li>flat: {@code {input_toks, output_toks, arrival_time_ns, input_tok_ids?, output_tok_ids?}};
 *   <li>agentic: {@code {session_id, arrival_time_ns, sub_requests: [{input_toks, output_toks,
 *       tool_duration_ns, input_tok_ids?, output_tok_ids?}, ...]}}.
 * </ul>
 * Rules (LLMServingSim itself checks nothing, so these are ours): token counts are integers
 * {@code >= 1}; times are integers {@code >= 0} ns; arrivals are non-decreasing; every key is known
 * (a misspelt key is an error with the nearest known key suggested, not silently ignored); token
 * ids are integers {@code >= 0}, kept as given (their count is not checked against the token
 * count); {@code session_id} is a string or an integer. Blank lines are skipped.
 */
final class LlmServingSimReader extends JsonlTraceReader {
    static final List<String> ENTRY_KEYS = List.of(
            "input_toks", "output_toks", "arrival_time_ns", "input_tok_ids", "output_tok_ids", "session_id", "sub_requests");
    static final List<String> SUB_REQUEST_KEYS = List.of(
            "input_toks", "output_toks", "tool_duration_ns", "input_tok_ids", "output_tok_ids");

    // One bit per key, to catch duplicate and missing keys. A key seen where it does not belong is
    // reported as unknown before its bit matters.
    private static final int INPUT = 1;
    private static final int OUTPUT = 2;
    private static final int ARRIVAL = 4;
    private static final int INPUT_IDS = 8;
    private static final int OUTPUT_IDS = 16;
    private static final int SESSION = 32;
    private static final int SUBS = 64;
    private static final int TOOL = 128;


    LlmServingSimReader(Path path, String file) {
        super(path, file);
    }

    @Override
    void parse(char[] chars, int start, int length, int line, TraceEntry e) throws IOException {
        e.clear();
        json.begin(chars, start, length, line);
        int seen = 0;
        String arrivalShown = null;
        for (String key; (key = json.nextKey()) != null; ) {
            int bit = bit(key);
            if ((seen & bit) != 0) {
                throw json.duplicate(key);
            }
            seen |= bit;
            switch (key) {
                case "input_toks":
                    e.inputTokens[0] = json.intAtLeast(key, 1);
                    break;
                case "output_toks":
                    e.outputTokens[0] = json.intAtLeast(key, 1);
                    break;
                case "arrival_time_ns":
                    e.arrivalNs = json.longAtLeast(key, 0);
                    arrivalShown = json.text();
                    break;
                case "input_tok_ids":
                    e.inputTokenIdCount[0] = json.readIds(key, e.inputTokenIds, 0);
                    break;
                case "output_tok_ids":
                    e.outputTokenIdCount[0] = json.readIds(key, e.outputTokenIds, 0);
                    break;
                case "session_id":
                    e.sessionId = json.idText(key);
                    break;
                case "sub_requests":
                    readSubRequests(e);
                    break;
                default:
                    throw json.unknownKey(key, ENTRY_KEYS);
            }
        }
        json.end();
        checkShape(seen, e);
        order.check(file, line, "arrival_time_ns", e.arrivalNs, arrivalShown);
    }

    private void checkShape(int seen, TraceEntry e) {
        if ((seen & SUBS) != 0) {
            for (String flatOnly : List.of("input_toks", "output_toks", "input_tok_ids", "output_tok_ids")) {
                if ((seen & bit(flatOnly)) != 0) {
                    throw json.error(flatOnly, "not allowed beside sub_requests (an agentic entry gives it per sub-request)");
                }
            }
            requireAll(seen, SESSION | ARRIVAL, ENTRY_KEYS);
            return;
        }
        if ((seen & SESSION) != 0) {
            throw json.error("sub_requests", "missing (an entry with session_id is agentic)");
        }
        requireAll(seen, INPUT | OUTPUT | ARRIVAL, ENTRY_KEYS);
        checkIdCounts(e, 0);
        e.subRequests = 1;
        e.toolDurationNs[0] = 0;
    }

    private void readSubRequests(TraceEntry e) throws IOException {
        json.expectArray("sub_requests");
        int n = 0;
        while (json.nextElement()) {
            json.enterElement("sub_requests", n);
            e.ensureSubRequests(n + 1);
            int seen = 0;
            for (String key; (key = json.nextKey()) != null; ) {
                int bit = bit(key);
                if ((seen & bit) != 0) {
                    throw json.duplicate(key);
                }
                seen |= bit;
                switch (key) {
                    case "input_toks":
                        e.inputTokens[n] = json.intAtLeast(key, 1);
                        break;
                    case "output_toks":
                        e.outputTokens[n] = json.intAtLeast(key, 1);
                        break;
                    case "tool_duration_ns":
                        e.toolDurationNs[n] = json.longAtLeast(key, 0);
                        break;
                    case "input_tok_ids":
                        e.inputTokenIdCount[n] = json.readIds(key, e.inputTokenIds, n);
                        break;
                    case "output_tok_ids":
                        e.outputTokenIdCount[n] = json.readIds(key, e.outputTokenIds, n);
                        break;
                    default:
                        throw json.unknownKey(key, SUB_REQUEST_KEYS);
                }
            }
            requireAll(seen, INPUT | OUTPUT | TOOL, SUB_REQUEST_KEYS);
            checkIdCounts(e, n);
            json.leaveElement();
            n++;
        }
        if (n == 0) {
            throw json.error("sub_requests", "must hold at least 1 sub-request (got [])");
        }
        e.subRequests = n;
    }

    /**
     * Token ids, when given, are the tokens: one id per token, as LLMServingSim writes them. A
     * list of another length would make prefix hits and the token count disagree.
     */
    private void checkIdCounts(TraceEntry e, int s) {
        if (e.inputTokenIdCount[s] >= 0 && e.inputTokenIdCount[s] != e.inputTokens[s]) {
            throw json.error("input_tok_ids", "has " + e.inputTokenIdCount[s] + " ids but input_toks is "
                    + e.inputTokens[s] + " (one id per token)");
        }
        if (e.outputTokenIdCount[s] >= 0 && e.outputTokenIdCount[s] != e.outputTokens[s]) {
            throw json.error("output_tok_ids", "has " + e.outputTokenIdCount[s] + " ids but output_toks is "
                    + e.outputTokens[s] + " (one id per token)");
        }
    }

    /** Reports the first key of {@code keys} (in their documented order) whose bit is required but unseen. */
    private void requireAll(int seen, int required, List<String> keys) {
        int missing = required & ~seen;
        for (String key : keys) {
            if ((missing & bit(key)) != 0) {
                throw json.missing(key);
            }
        }
    }

    /** The bit of a key; 0 for an unknown one (which the caller's switch reports). */
    private static int bit(String key) {
        switch (key) {
            case "input_toks":
                return INPUT;
            case "output_toks":
                return OUTPUT;
            case "arrival_time_ns":
                return ARRIVAL;
            case "input_tok_ids":
                return INPUT_IDS;
            case "output_tok_ids":
                return OUTPUT_IDS;
            case "session_id":
                return SESSION;
            case "sub_requests":
                return SUBS;
            case "tool_duration_ns":
                return TOOL;
            default:
                return 0;
        }
    }
}
