package dev.memwall.plot;

import java.util.ArrayList;
import java.util.List;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.memwall.config.ClusterConfig;
import dev.memwall.config.ClusterConfigLoader;
import dev.memwall.config.InstanceConfig;
import dev.memwall.hardware.HardwareCatalog;
import dev.memwall.input.InputException;
import dev.memwall.sweep.Axis;
import dev.memwall.sweep.Study;

/**
 * Where the GPU's host link, not CXL, limits what streams from CXL: with {@code d} devices of
 * {@code b} GB/s each, interleaved at efficiency {@code e} (1 for a single device), CXL delivers
 * {@code d b e}; past {@code b = host / (d e)} the host link (PCIe, e.g. 55 GB/s on an H100) is the narrower pipe and
 * more CXL bandwidth buys nothing. Drawn as a dotted vertical line per device count, in that
 * count's colour and named in the legend, where it falls inside the plotted bandwidths.
 */
final class HostLinkBound {
    private final double hostGBps;
    private final double efficiency;
    private final int configDevices;

    HostLinkBound(Study study) {
        ClusterConfig config;
        try {
            config = ClusterConfigLoader.load(new ObjectMapper().readTree(study.spec(0).clusterJson()),
                    study.spec(0).clusterFileName());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a point spec holds invalid JSON", e);
        }
        InstanceConfig first = config.instances().get(0);
        double host;
        if (first.hostLink() != null) {
            host = first.hostLink().bwGBps();
        } else {
            try {
                host = HardwareCatalog.load(study.files().hardwareDir(), first.hardware(), "plot")
                        .hostLink().achievableBytesPerSec() / 1e9;
            } catch (InputException e) {
                host = Double.NaN;
            }
        }
        this.hostGBps = host;
        this.efficiency = config.cxlMem() == null ? 1 : config.cxlMem().interleaveEfficiency();
        this.configDevices = config.cxlMem() == null ? 1 : config.cxlMem().numDevices();
    }

    /**
     * Draws the bound on {@code chart} for each device count of {@code group} (when it is the
     * device axis), else for the config's device count.
     *
     * @param xRange the plotted bandwidths, {lowest, highest}
     * @return {@code , host link 55 GB/s bounds 1 line} for the summary line, or empty
     */
    String draw(XYChart chart, Axis group, double[] xRange) {
        if (Double.isNaN(hostGBps)) {
            return "";
        }
        List<Integer> counts = new ArrayList<>();
        boolean byDevices = group != null && group.path().equals("cxl_mem.num_devices");
        if (byDevices) {
            group.labels().forEach(l -> counts.add(Integer.parseInt(l)));
        } else {
            counts.add(configDevices);
        }
        double yTop = 0;
        for (XYSeries s : chart.getSeriesCollection()) {
            for (double y : s.getYData()) {
                yTop = Math.max(yTop, y);
            }
        }
        int drawn = 0;
        for (int g = 0; g < counts.size(); g++) {
            int d = counts.get(g);
            // striping loses bandwidth only across devices: one device delivers its own
            double x = hostGBps / (d * (d > 1 ? efficiency : 1));
            if (x >= xRange[0] && x <= xRange[1]) {
                XYSeries s = chart.addSeries("host link bound, " + d + (d == 1 ? " device" : " devices"),
                        new double[] {x, x}, new double[] {0, yTop});
                // in the colour of its device count's lines; grey when the lines are not by device count
                s.setLineColor(byDevices ? ChartFiles.colour(g) : java.awt.Color.GRAY);
                s.setLineStyle(ChartFiles.DOTTED);
                s.setMarker(org.knowm.xchart.style.markers.SeriesMarkers.NONE);
                drawn++;
            }
        }
        return drawn == 0 ? "" : ", host link " + ChartFiles.number(Math.round(hostGBps)) + " GB/s bound drawn for "
                + drawn + (drawn == 1 ? " device count" : " device counts");
    }
}
