package dev.memwall.pim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.memwall.input.InputException;

/** A PIM ini read strictly: derived values by hand, and every malformed line named by file and line. */
public class PimIniReaderTest {
    /** A DDR4-3200 device with 16-bit chips on a 64-bit bus: 4 devices a rank, 8 banks of 64 Ki rows of 2 KiB pages. */
    public static final String DDR4 = String.join("\n",
            "[dram_structure]",
            "protocol = DDR4",
            "bankgroups = 2",
            "banks_per_group = 4",
            "rows = 65536",
            "columns = 1024",
            "device_width = 16",
            "",
            "; timing",
            "[timing]",
            "tCK = 0.63",
            "CL = 22",
            "[system]",
            "channel_size = 8192",
            "bus_width = 64",
            "[other]  # LLMServingSim's additions",
            "data_rate = 3200 # MT/s",
            "idle_power = 623 # mW",
            "peak_power = 3803 # mW",
            "");

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path f = dir.resolve(name + ".ini");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void derivesChannelCapacityBandwidthAndLatencyAsTheDocsWorkThemOut() throws IOException {
        PimSpec s = PimIniReader.read(write("DDR4_8GB_3200_pim", DDR4));
        assertEquals("DDR4_8GB_3200_pim", s.name());
        // rank = 2 KiB page x 64 Ki rows x 8 banks x 4 devices = 4096 MB; 8192 MB = 2 ranks = 8 GB
        assertEquals(8.0, s.channelCapacityGb(), 1e-12);
        assertEquals(25.6, s.channelBandwidthGBps(), 1e-12);   // 64 bit / 8 x 3200 MT/s
        assertEquals(13.86, s.readLatencyNs(), 1e-12);          // 22 x 0.63 ns
        assertEquals(64, s.channels(512));
        assertEquals(1638.4, s.nodeBandwidthGBps(512), 1e-9);
    }

    @Test
    void snapsTheChannelSizeDownToWholeRanks() throws IOException {
        PimSpec s = PimIniReader.read(write("odd", DDR4.replace("channel_size = 8192", "channel_size = 10000")));
        assertEquals(8.0, s.channelCapacityGb(), 1e-12);
        PimSpec small = PimIniReader.read(write("small", DDR4.replace("channel_size = 8192", "channel_size = 100")));
        assertEquals(4.0, small.channelCapacityGb(), 1e-12);   // at least one rank
    }

    @ParameterizedTest(name = "{2}")
    @CsvSource(delimiter = '|', value = {
        "tCK = 0.63|tCK 0.63|p.ini:11: expected 'key = value' or [section] (got 'tCK 0.63')",
        "[timing]|[timing|p.ini:10: a section header must be [name] (got '[timing')",
        "CL = 22|CL = fast|p.ini:12: CL: not a number (got 'fast')",
        "rows = 65536|rows = 65536.5|p.ini:5: rows: must be a whole number (got '65536.5')",
        "data_rate = 3200 # MT/s|data_rate = 0|p.ini:17: data_rate: must be in (0, 1000000] (got 0)",
        "CL = 22|CL = 1e15|p.ini:12: CL: must be in (0, 1000000] (got 1e15)",
        "rows = 65536|rows = 0|p.ini:5: rows: must be in (0, 1000000] (got 0)",
        "bus_width = 64|bus_width = 64\\nrows = 2|p.ini:16: key 'rows' already set on line 5 (sections do not scope keys: each key once per file)",
        "bus_width = 64|bus_width = 8|p.ini:7: device_width 16 is wider than bus_width 8 (a rank needs at least one device)",
    })
    void rejectsAMalformedLineNamingFileAndLine(String line, String replacement, String message) throws IOException {
        Path f = write("p", DDR4.replace(line, replacement.replace("\\n", "\n")));
        InputException e = assertThrows(InputException.class, () -> PimIniReader.read(f));
        assertEquals(dir.resolve(message.substring(0, message.indexOf(':'))) + message.substring(message.indexOf(':')),
                e.getMessage());
    }

    @Test
    void rejectsAMissingKeyNamingIt() throws IOException {
        Path f = write("p", DDR4.replace("peak_power = 3803 # mW", ""));
        InputException e = assertThrows(InputException.class, () -> PimIniReader.read(f));
        assertEquals(f + ": missing key 'peak_power' (a PIM config needs bankgroups, banks_per_group, rows, columns,"
                + " device_width, CL, tCK, bus_width, channel_size, data_rate, idle_power, peak_power)", e.getMessage());
    }

    @Test
    void rejectsAnUnknownDeviceNamingTheConfigEntryAndTheFolder() {
        InputException e = assertThrows(InputException.class,
                () -> PimIniReader.load(dir, "HBM9_pim", "cluster.json: nodes[0].cpu_mem.pim_config"));
        assertEquals("cluster.json: nodes[0].cpu_mem.pim_config: PIM config 'HBM9_pim' not found (no "
                + dir.resolve("HBM9_pim.ini") + "; set --pim-dir to the folder of PIM inis, LLMServingSim's"
                + " configs/pim)", e.getMessage());
    }
}
