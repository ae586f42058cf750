package dev.memwall.pim;

/**
 * A PIM device as its ini describes it: the keys LLMServingSim reads from a
 * {@code configs/pim/<name>.ini} (the rest of a DRAMSim3 file is carried, not used), and what it
 * derives from them. Capacity and bandwidth are per memory channel; a node has as many channels
 * as its {@code cpu_mem.mem_size} holds.
 *
 * @param name             the file's stem, e.g. {@code DDR4_8GB_3200_pim}
 * @param bankGroups       {@code bankgroups}
 * @param banksPerGroup    {@code banks_per_group}
 * @param rows             {@code rows} per bank
 * @param columns          {@code columns} per row
 * @param deviceWidthBits  {@code device_width}
 * @param casLatencyCycles {@code CL}
 * @param clockPeriodNs    {@code tCK}
 * @param busWidthBits     {@code bus_width}
 * @param channelSizeMb    {@code channel_size}: the target capacity of a channel, in MB
 * @param dataRateMtps     {@code data_rate}, mega-transfers per second
 * @param idlePowerMw      {@code idle_power} per DIMM
 * @param peakPowerMw      {@code peak_power} per DIMM
 */
public record PimSpec(String name, long bankGroups, long banksPerGroup, long rows, long columns, long deviceWidthBits,
        double casLatencyCycles, double clockPeriodNs, long busWidthBits, long channelSizeMb, double dataRateMtps,
        double idlePowerMw, double peakPowerMw) {

    /**
     * Capacity of one channel, GB: {@code channel_size} snapped down to whole ranks (at least one),
     * a rank being {@code banks x devices x rows x page} bytes.
     */
    public double channelCapacityGb() {
        long banks = bankGroups * banksPerGroup;
        long devicesPerRank = busWidthBits / deviceWidthBits;
        double pageBytes = columns * deviceWidthBits / 8.0;
        double megsPerBank = pageBytes * (rows / 1024.0) / 1024.0;
        double megsPerRank = megsPerBank * banks * devicesPerRank;
        double channelMb = megsPerRank > channelSizeMb ? megsPerRank
                : Math.floor(channelSizeMb / megsPerRank) * megsPerRank;
        return channelMb / 1024.0;
    }

    /** Bandwidth of one channel, GB/s: {@code bus_width / 8 x data_rate / 1000}. */
    public double channelBandwidthGBps() {
        return busWidthBits / 8.0 * dataRateMtps / 1000.0;
    }

    /** Read latency, ns: {@code CL x tCK}. */
    public double readLatencyNs() {
        return casLatencyCycles * clockPeriodNs;
    }

    /** Channels a node of {@code memSizeGb} of this memory has (LLMServingSim's integer division). */
    public int channels(double memSizeGb) {
        return (int) Math.floor(memSizeGb / channelCapacityGb());
    }

    /** Bandwidth of all of a node's channels together, GB/s (= bytes per ns). */
    public double nodeBandwidthGBps(double memSizeGb) {
        return memSizeGb / channelCapacityGb() * channelBandwidthGBps();
    }
}
