package dev.memwall.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.memwall.input.Range;
import dev.memwall.options.RunOption;
import dev.memwall.testing.RepoPaths;

/** docs/guide.md's table of every number's range is the one memwall checks, row for row. */
class GuideRangesTest {
    @Test
    void theGuideListsEveryRangeAsMemwallChecksIt() throws IOException {
        String guide = Files.readString(RepoPaths.root().resolve("docs/guide.md"));
        Map<String, String> documented = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(?m)^\\| `([^`]+)` \\| ([^|]+) \\|$").matcher(guide);
        while (m.find()) {
            documented.put(m.group(1), m.group(2).strip());
        }
        Map<String, String> checked = new LinkedHashMap<>();
        for (Map.Entry<String, Range> e : Limits.clusterConfig().entrySet()) {
            checked.put(e.getKey(), e.getValue().describe());
        }
        for (RunOption o : RunOption.values()) {
            if (o.range() != null) {
                checked.put("options." + o.key(), o.range().describe());
            }
        }
        assertEquals(checked, documented);
    }
}
