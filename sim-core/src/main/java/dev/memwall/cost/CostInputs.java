package dev.memwall.cost;

import java.util.List;

import dev.memwall.power.Energy;

/**
 * What a run's cost depends on.
 *
 * @param seconds         simulated time: how long the hardware was held
 * @param gpus            each instance's GPUs
 * @param hostDramGib     host DRAM of every node
 * @param cxlDevices      CXL devices
 * @param cxlGibPerDevice each one's capacity
 * @param energy          the run's energy by component
 * @param outputTokens    output tokens emitted
 * @param promptTokens    prompt tokens prefilled
 * @param completed       requests completed
 */
public record CostInputs(double seconds, List<Gpus> gpus, double hostDramGib, int cxlDevices, double cxlGibPerDevice,
        Energy energy, long outputTokens, long promptTokens, long completed) {
    public CostInputs {
        gpus = List.copyOf(gpus);
    }

    /**
     * One instance's GPUs.
     *
     * @param where names the instance, for a price book that lacks its hardware
     */
    public record Gpus(String hardware, int count, String where) {
    }
}
