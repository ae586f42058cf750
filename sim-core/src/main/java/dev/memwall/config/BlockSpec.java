package dev.memwall.config;

import dev.memwall.input.JsonFields;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses a {@code placement.blocks[i].blocks} list: {@code "0-3"}, {@code "8,9,10"},
 * {@code "0-3,8,9"} (inclusive ranges and single numbers, comma-separated, spaces allowed). A bare
 * JSON integer is read as a one-block list.
 */
final class BlockSpec {
    /**
     * Block numbers above this are surely typos (models have ~100 blocks) and would make a range
     * expand into a huge list before the engine could say so.
     */
    static final int MAX_BLOCK = 9_999;

    private static final Pattern ITEM = Pattern.compile("\\s*([0-9]{1,9})\\s*(?:-\\s*([0-9]{1,9})\\s*)?");
    private static final String EXAMPLE = "expected block numbers and ranges like \"0-3,8,9\"";

    private BlockSpec() {
    }

    /** The spec as written, for {@link BlockPlacement#spec()}. */
    static String text(JsonFields c) {
        return c.isIntegral() ? Integer.toString(c.nonNegativeInt()) : c.text();
    }

    /** The listed blocks, ascending; a malformed, reversed or repeated entry is an error at {@code c}. */
    static List<Integer> parse(JsonFields c) {
        if (c.isIntegral()) {
            return List.of(checkedBlock(c, c.nonNegativeInt()));
        }
        String spec = c.text();
        BitSet seen = new BitSet();
        for (String item : spec.split(",", -1)) {
            Matcher m = ITEM.matcher(item);
            if (!m.matches()) {
                throw c.error(EXAMPLE + " (got " + JsonFields.quote(spec) + ")");
            }
            int first = checkedBlock(c, Integer.parseInt(m.group(1)));
            int last = m.group(2) == null ? first : checkedBlock(c, Integer.parseInt(m.group(2)));
            if (last < first) {
                throw c.error("range " + first + "-" + last + " is reversed (write " + last + "-" + first + ")");
            }
            int repeated = seen.nextSetBit(first);
            if (repeated >= 0 && repeated <= last) {
                throw c.error("block " + repeated + " is listed twice in " + JsonFields.quote(spec));
            }
            seen.set(first, last + 1);
        }
        List<Integer> blocks = new ArrayList<>(seen.cardinality());
        seen.stream().forEach(blocks::add);
        return blocks;
    }

    private static int checkedBlock(JsonFields c, int block) {
        if (block > MAX_BLOCK) {
            throw c.error("block " + block + " is out of range (at most " + MAX_BLOCK + ")");
        }
        return block;
    }
}
