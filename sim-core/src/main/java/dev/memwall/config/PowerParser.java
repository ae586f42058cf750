package dev.memwall.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads a node's {@code power} section; every value is a non-negative number. */
final class PowerParser {
    private static final List<String> POWER_KEYS =
            List.of("base_node_power", "npu", "cpu", "dram", "link", "nic", "storage", "host_link");
    private static final List<String> NPU_KEYS =
            List.of("idle_power", "standby_power", "active_power", "standby_duration");
    private static final List<String> CPU_KEYS = List.of("idle_power", "active_power", "util");
    private static final List<String> DRAM_KEYS = List.of("dimm_size", "idle_power", "energy_per_bit");
    private static final List<String> LINK_KEYS = List.of("num_links", "idle_power", "energy_per_bit");
    private static final List<String> NIC_KEYS = List.of("num_nics", "idle_power");
    private static final List<String> STORAGE_KEYS = List.of("num_devices", "idle_power");
    private static final List<String> HOST_LINK_KEYS = List.of("energy_per_bit");

    private PowerParser() {
    }

    /** Also checks that {@code npu} covers the hardware of every instance on the node. */
    static PowerConfig parse(JsonCursor p, List<InstanceConfig> nodeInstances) {
        p.object(POWER_KEYS);
        Map<String, NpuPowerConfig> npu = npu(p.get("npu"));
        for (InstanceConfig inst : nodeInstances) {
            if (!npu.containsKey(inst.hardware())) {
                throw p.get("npu").error("no entry for hardware '" + JsonCursor.escape(inst.hardware())
                        + "' (used by " + inst.path() + ")");
            }
        }
        return new PowerConfig(
                p.get("base_node_power", JsonCursor::nonNegative),
                npu,
                p.get("cpu", PowerParser::cpu),
                p.get("dram", PowerParser::dram),
                p.get("link", PowerParser::link),
                p.get("nic", PowerParser::nic),
                p.get("storage", PowerParser::storage),
                p.optional("host_link", PowerParser::hostLink));
    }

    private static Map<String, NpuPowerConfig> npu(JsonCursor n) {
        n.freeObject();
        Map<String, NpuPowerConfig> out = new LinkedHashMap<>();
        for (String hardware : n.keys()) {
            JsonCursor h = n.entry(hardware).object(NPU_KEYS);
            out.put(hardware, new NpuPowerConfig(h.get("idle_power", JsonCursor::nonNegative),
                    h.get("standby_power", JsonCursor::nonNegative), h.get("active_power", JsonCursor::nonNegative),
                    h.get("standby_duration", JsonCursor::nonNegative)));
        }
        return out;
    }

    private static CpuPowerConfig cpu(JsonCursor c) {
        c.object(CPU_KEYS);
        return new CpuPowerConfig(c.get("idle_power", JsonCursor::nonNegative),
                c.get("active_power", JsonCursor::nonNegative), c.get("util", JsonCursor::unitInterval));
    }

    private static DramPowerConfig dram(JsonCursor d) {
        d.object(DRAM_KEYS);
        return new DramPowerConfig(d.get("dimm_size", JsonCursor::positive),
                d.get("idle_power", JsonCursor::nonNegative), d.get("energy_per_bit", JsonCursor::nonNegative));
    }

    private static LinkPowerConfig link(JsonCursor l) {
        l.object(LINK_KEYS);
        return new LinkPowerConfig(l.get("num_links", JsonCursor::nonNegativeInt),
                l.get("idle_power", JsonCursor::nonNegative), l.get("energy_per_bit", JsonCursor::nonNegative));
    }

    private static NicPowerConfig nic(JsonCursor n) {
        n.object(NIC_KEYS);
        return new NicPowerConfig(n.get("num_nics", JsonCursor::nonNegativeInt),
                n.get("idle_power", JsonCursor::nonNegative));
    }

    private static HostLinkPowerConfig hostLink(JsonCursor h) {
        h.object(HOST_LINK_KEYS);
        return new HostLinkPowerConfig(h.get("energy_per_bit", JsonCursor::nonNegative));
    }

    private static StoragePowerConfig storage(JsonCursor s) {
        s.object(STORAGE_KEYS);
        return new StoragePowerConfig(s.get("num_devices", JsonCursor::nonNegativeInt),
                s.get("idle_power", JsonCursor::nonNegative));
    }
}
