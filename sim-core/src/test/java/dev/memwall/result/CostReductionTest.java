package dev.memwall.result;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

import dev.memwall.config.ClusterConfigLoader;
import dev.memwall.cost.PriceBook;
import dev.memwall.cost.PriceBooks;
import dev.memwall.metrics.Slo;
import dev.memwall.serving.ClusterBuilder;
import dev.memwall.serving.RequestTable;
import dev.memwall.serving.SimulationOptions;
import dev.memwall.testing.RepoPaths;
import dev.memwall.workload.FixedWorkload;

/** Cost and goodput of whole runs against values computed by hand from what the run reports. */
class CostReductionTest {
    private static final String BOOK = """
            {"name": "owned", "date": "2026-12-02", "currency": "USD",
             "gpus": {"H100": {"usd_per_hour": {"value": 3.0, "source": "test"}}},
             "memory": {"host_dram_usd_per_gb": {"value": 5, "source": "test"},
               "cxl_usd_per_gb": {"value": 7, "source": "test"}, "cxl_usd_per_device": {"value": 1000, "source": "test"},
               "amortisation_years": {"value": 3, "source": "test"}},
             "electricity": {"usd_per_kwh": {"value": 0.1, "source": "test"}, "pue": {"value": 1.5, "source": "test"},
               "billed": "%s", "billed_source": "test"}}
            """;

    private static ClusterBuilder.Built build(Slo slo) throws Exception {
        return build(slo, "\"num_npus\": 1, \"tp_size\": 1");
    }

    private static ClusterBuilder.Built build(Slo slo, String parallelism) throws Exception {
        String json = """
                {"num_nodes": 1, "link_bw": 450, "link_latency": 2000,
                 "cxl_mem": {"mem_size": 256, "mem_bw": 64, "mem_latency": 250, "num_devices": 2},
                 "nodes": [{"num_instances": 1,
                   "cpu_mem": {"mem_size": 512, "mem_bw": 250, "mem_latency": 115},
                   "instances": [{"model_name": "meta-llama/Llama-3.1-8B", "hardware": "H100",
                     "npu_mem": {"mem_size": 80, "mem_bw": 3350, "mem_latency": 0},
                     %s, "pd_type": null,
                     "placement": {"default": {"weights": "cxl:*"}}}]}]}
                """.formatted(parallelism);
        Path root = RepoPaths.root();
        SimulationOptions o = SimulationOptions.defaults()
                .withModelsAndHardware(root.resolve("configs/models"), root.resolve("configs/hardware"))
                .toBuilder().slo(slo).build();
        return ClusterBuilder.build(ClusterConfigLoader.load(new ObjectMapper().readTree(json), "c.json"), o, null);
    }

    private static PriceBook book(String billed) throws Exception {
        return PriceBooks.read(new ObjectMapper().readTree(BOOK.formatted(billed)), "owned.json");
    }

    /** 20 requests of 256 + 64 tokens arriving together: 1,280 output tokens; weights streamed from both CXL devices. */
    private static RunResult run(ClusterBuilder.Built built, PriceBook book) {
        built.simulation().run(FixedWorkload.burst(20, 256, 64), "test");
        return RunReduction.reduce(built, 0, book);
    }

    @Test
    void costPerMillionTokensIsGpuHoursMemoryAndEnergyAtTheBooksPrices() throws Exception {
        RunResult r = run(build(Slo.NONE), book("all"));
        double seconds = r.get(Metric.SIMULATED_SECONDS);
        double gpuHours = seconds / 3600;
        assertEquals(gpuHours, r.get(Metric.GPU_HOURS), 1e-15);
        double share = seconds / (3 * 8760 * 3600.0);
        double gpu = 3.0 * gpuHours;
        double hostDram = 512 * 5.0 * share;
        double cxl = 2 * (1000 + 256 * 7.0) * share;
        double electricity = r.get(Metric.ENERGY_JOULES) / 3.6e6 * 1.5 * 0.1;
        double total = gpu + hostDram + cxl + electricity;
        assertEquals(total, r.get(Metric.COST_USD), 1e-12);
        assertEquals(total / 1280 * 1e6, r.get(Metric.USD_PER_M_OUTPUT_TOKENS), 1e-9);
        assertEquals(total / (1280 + 20 * 256) * 1e6, r.get(Metric.USD_PER_M_TOKENS), 1e-9);
        assertEquals(total / 20, r.get(Metric.USD_PER_REQUEST), 1e-15);
        assertEquals(gpu, r.cost().components().get("gpu"), 1e-15);
        assertEquals("owned", r.cost().priceBook());
    }

    @Test
    void everyGpuOfEveryPipelineStageIsBilled() throws Exception {
        // TP 2 x PP 2: four H100s for the whole simulated time.
        RunResult r = run(build(Slo.NONE, "\"num_npus\": 4, \"tp_size\": 2, \"pp_size\": 2"), book("all"));
        assertEquals(4 * r.get(Metric.SIMULATED_SECONDS) / 3600, r.get(Metric.GPU_HOURS), 1e-15);
        assertEquals(3.0 * r.get(Metric.GPU_HOURS), r.cost().components().get("gpu"), 1e-15);
    }

    @Test
    void aRentedServerBillsOnlyTheCxlDevicesEnergy() throws Exception {
        RunResult r = run(build(Slo.NONE), book("cxl"));
        double cxlJoules = r.energy().joules("cxl:0") + r.energy().joules("cxl:1");
        assertTrue(cxlJoules > 0);
        assertEquals(cxlJoules / 3.6e6 * 1.5 * 0.1, r.cost().components().get("electricity"), 1e-15);
        RunResult none = run(build(Slo.NONE), book("none"));
        assertEquals(0.0, none.cost().components().get("electricity"));
    }

    @Test
    void anUnpricedGpuLeavesTheCostUnknownNotZero() throws Exception {
        PriceBook unpriced = PriceBooks.read(new ObjectMapper().readTree(BOOK.formatted("all")
                .replace("\"value\": 3.0", "\"value\": null")), "owned.json");
        RunResult r = run(build(Slo.NONE), unpriced);
        assertTrue(Double.isNaN(r.get(Metric.COST_USD)));
        assertTrue(Double.isNaN(r.get(Metric.USD_PER_M_OUTPUT_TOKENS)));
        assertTrue(r.get(Metric.GPU_HOURS) > 0);
        assertTrue(SummaryJson.toJson(r, null).path("cost").get("total_usd").isNull());
    }

    @Test
    void goodputCountsTheRequestsThatMetEveryPerRequestTerm() throws Exception {
        ClusterBuilder.Built probe = build(Slo.NONE);
        RunResult all = run(probe, book("all"));
        assertEquals(all.get(Metric.REQUESTS_PER_S), all.get(Metric.GOODPUT), 1e-12);
        assertEquals(1.0, all.get(Metric.SLO_ATTAINMENT));
        // A TTFT bound at the median request's: about half the burst meets it.
        RequestTable t = probe.simulation().requests();
        long[] ttft = new long[t.size()];
        for (int r = 0; r < ttft.length; r++) {
            ttft[r] = t.firstTokenNs(r) - t.arrivalNs(r);
        }
        long bound = java.util.Arrays.stream(ttft).sorted().toArray()[ttft.length / 2];
        long good = java.util.Arrays.stream(ttft).filter(x -> x <= bound).count();
        assertTrue(good > 0 && good < 20, good + " of 20");
        RunResult r = run(build(Slo.parse("ttft<=" + bound / 1e6 + "ms", "test")), book("all"));
        assertEquals(good / r.get(Metric.SIMULATED_SECONDS), r.get(Metric.GOODPUT), 1e-12);
        assertEquals(good / 20.0, r.get(Metric.SLO_ATTAINMENT), 1e-12);
        assertEquals(0, r.count(Metric.SLO_MET));
        RunResult loose = run(build(Slo.parse("ttft<=" + bound / 1e6 + "ms,attainment>=" + good / 20.0, "t")),
                book("all"));
        assertEquals(1, loose.count(Metric.SLO_MET));
    }

    @Test
    void runWideTermsAreCheckedAgainstTheMetricOfTheSameName() throws Exception {
        RunResult r = run(build(Slo.NONE), book("all"));
        double p99 = r.get(Metric.TTFT_P99);
        assertEquals(1, run(build(Slo.parse("ttft_p99<=" + p99 + "ms", "t")), book("all")).count(Metric.SLO_MET));
        assertEquals(0, run(build(Slo.parse("ttft_p99<" + p99 + "ms", "t")), book("all")).count(Metric.SLO_MET));
        for (Metric m : Metric.values()) {
            if (m.latency() != null) {
                Slo s = Slo.parse(m.id() + "<=1", "t");
                assertNotNull(Metric.byName(s.aggregate().get(0).name()), m.id());
            }
        }
    }
}
