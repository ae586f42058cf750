package dev.memwall.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;

import org.junit.jupiter.api.Test;

class PlotStyleTest {
    @Test
    void heatmapTextIsLegibleOnEveryCellColour() {
        for (Color c : Heatmap.RANGE) {
            assertTrue(Heatmap.contrast(Heatmap.TEXT, c) >= 4.5, "contrast on " + c + ": "
                    + Heatmap.contrast(Heatmap.TEXT, c));
        }
        // and the measure itself: black on white is 21:1, a colour on itself 1:1
        assertEquals(21.0, Heatmap.contrast(Color.BLACK, Color.WHITE), 1e-9);
        assertEquals(1.0, Heatmap.contrast(Color.GRAY, Color.GRAY), 1e-9);
    }

    @Test
    void heatmapCellsShowAsManyDecimalsAsTheirSizeNeeds() {
        assertEquals("#,##0", Heatmap.pattern(2142.1));
        assertEquals("#,##0.0", Heatmap.pattern(34.2));
        assertEquals("#,##0.00", Heatmap.pattern(1.234));
    }

    @Test
    void axisValuesPrintAsTheStudyWritesThem() {
        assertEquals("15", ChartFiles.number(15));
        assertEquals("1,024", ChartFiles.number(1024));
        assertEquals("2.5", ChartFiles.number(2.5));
        assertEquals("0.125", ChartFiles.number(0.125));
    }

    @Test
    void logAxesOnlyWhereValuesSpanDecades() {
        assertTrue(ChartFiles.spansDecades(15, 240));
        assertFalse(ChartFiles.spansDecades(150, 600));
        assertFalse(ChartFiles.spansDecades(0, 600));
    }

    @Test
    void logAxesAreLabelledAtOneTwoFiveOfEachDecadeInTheRange() {
        assertEquals(java.util.List.of(500.0, 1000.0, 2000.0, 5000.0), ChartFiles.logTicks(300, 6000));
        // 300 ms to 200 s: 1-2-5 would be 9 labels, still under 12
        assertEquals(java.util.List.of(500.0, 1e3, 2e3, 5e3, 1e4, 2e4, 5e4, 1e5, 2e5), ChartFiles.logTicks(300, 2e5));
        // six decades: the 2s are dropped so the labels do not crowd
        assertEquals(java.util.List.of(1.0, 5.0, 10.0, 50.0, 100.0, 500.0, 1e3, 5e3, 1e4, 5e4, 1e5, 5e5, 1e6),
                ChartFiles.logTicks(1, 1e6));
    }

    @Test
    void p50AndP99LinesDifferInDashAndMarker() {
        org.junit.jupiter.api.Assertions.assertNull(ChartFiles.SOLID.getDashArray());
        assertTrue(ChartFiles.DASHED.getDashArray().length > 0);
    }
}
