package dev.memwall.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memwall.input.InputException;
import org.junit.jupiter.api.Test;

class MemoryLocationTest {
    private static final String WHERE = "c.json: p";

    @Test
    void parsesTheTwoHostTiers() {
        assertTrue(MemoryLocation.parse("npu", 0, WHERE).onGpu());
        assertEquals(MemoryLocation.CPU, MemoryLocation.parse("cpu", 0, WHERE));
        assertFalse(MemoryLocation.CPU.onGpu());
    }

    @Test
    void parsesOneDeviceAStripeAndAllDevices() {
        assertArrayEquals(new int[] {3}, MemoryLocation.parse("cxl:3", 4, WHERE).cxlDevices());
        assertArrayEquals(new int[] {0, 1, 2}, MemoryLocation.parse("cxl:2+0+1", 4, WHERE).cxlDevices());
        assertArrayEquals(new int[] {0, 1, 2, 3}, MemoryLocation.parse("cxl:*", 4, WHERE).cxlDevices());
        assertEquals(MemoryLocation.Kind.CXL, MemoryLocation.parse("cxl:*", 4, WHERE).kind());
    }

    @Test
    void printsTheCanonicalForm() {
        assertEquals("cxl:0+1+2+3", MemoryLocation.parse("cxl:*", 4, WHERE).toString());
        assertEquals("npu", MemoryLocation.NPU.toString());
    }

    @Test
    void comparesByDeviceSetNotByArrayIdentity() {
        assertEquals(MemoryLocation.parse("cxl:1+0", 2, WHERE), MemoryLocation.parse("cxl:*", 2, WHERE));
    }

    @Test
    void cannotBeChangedThroughItsDeviceArray() {
        MemoryLocation loc = MemoryLocation.parse("cxl:1", 2, WHERE);
        loc.cxlDevices()[0] = 0;
        assertArrayEquals(new int[] {1}, loc.cxlDevices());
    }

    @Test
    void rejectsMalformedValuesNamingTheAllowedForms() {
        for (String bad : new String[] {"NPU", "cxl:", "cxl:a", "cxl:1+", "cxl:-1", "cxl: 1", ""}) {
            InputException e = assertThrows(InputException.class, () -> MemoryLocation.parse(bad, 4, WHERE));
            assertEquals(WHERE + ": expected npu, cpu, cxl:<i>, cxl:<i>+<j>+... or cxl:* (got "
                    + dev.memwall.input.JsonFields.quote(bad) + ")", e.getMessage());
        }
    }

    @Test
    void rejectsAllDevicesWhenThereAreNone() {
        InputException e = assertThrows(InputException.class, () -> MemoryLocation.parse("cxl:*", 0, WHERE));
        assertEquals(WHERE + ": cxl:* names a CXL device but the config has no cxl_mem section", e.getMessage());
    }
}
