package dev.memwall.config;

import dev.memwall.input.JsonFields;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads a node's {@code power} section; every value is a number in its {@link Limits} range. */
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
    static PowerConfig parse(JsonFields p, List<InstanceConfig> nodeInstances) {
        p.object(POWER_KEYS);
        Map<String, NpuPowerConfig> npu = npu(p.get("npu"));
        for (InstanceConfig inst : nodeInstances) {
            if (!npu.containsKey(inst.hardware())) {
                throw p.get("npu").error("no entry for hardware '" + JsonFields.escape(inst.hardware())
                        + "' (used by " + inst.path() + ")");
            }
        }
        return new PowerConfig(
                p.get("base_node_power", PowerParser::watts),
                npu,
                p.get("cpu", PowerParser::cpu),
                p.get("dram", PowerParser::dram),
                p.get("link", PowerParser::link),
                p.get("nic", PowerParser::nic),
                p.get("storage", PowerParser::storage),
                p.optional("host_link", PowerParser::hostLink));
    }

    private static Map<String, NpuPowerConfig> npu(JsonFields n) {
        n.freeObject();
        Map<String, NpuPowerConfig> out = new LinkedHashMap<>();
        for (String hardware : n.keys()) {
            JsonFields h = n.entry(hardware).object(NPU_KEYS);
            out.put(hardware, new NpuPowerConfig(h.get("idle_power", PowerParser::watts),
                    h.get("standby_power", PowerParser::watts), h.get("active_power", PowerParser::watts),
                    h.get("standby_duration", v -> v.number(Limits.STANDBY_S))));
        }
        return out;
    }

    private static CpuPowerConfig cpu(JsonFields c) {
        c.object(CPU_KEYS);
        return new CpuPowerConfig(c.get("idle_power", PowerParser::watts),
                c.get("active_power", PowerParser::watts), c.get("util", v -> v.number(Limits.UTILIZATION)));
    }

    private static DramPowerConfig dram(JsonFields d) {
        d.object(DRAM_KEYS);
        return new DramPowerConfig(d.get("dimm_size", v -> v.number(Limits.DIMM_GB)),
                d.get("idle_power", PowerParser::watts), d.get("energy_per_bit", v -> v.number(Limits.ENERGY_PER_BIT_PJ)));
    }

    private static LinkPowerConfig link(JsonFields l) {
        l.object(LINK_KEYS);
        return new LinkPowerConfig(l.get("num_links", c2 -> c2.integer(Limits.DEVICE_COUNT)),
                l.get("idle_power", PowerParser::watts), l.get("energy_per_bit", v -> v.number(Limits.ENERGY_PER_BIT_PJ)));
    }

    private static NicPowerConfig nic(JsonFields n) {
        n.object(NIC_KEYS);
        return new NicPowerConfig(n.get("num_nics", c2 -> c2.integer(Limits.DEVICE_COUNT)),
                n.get("idle_power", PowerParser::watts));
    }

    private static HostLinkPowerConfig hostLink(JsonFields h) {
        h.object(HOST_LINK_KEYS);
        return new HostLinkPowerConfig(h.get("energy_per_bit", v -> v.number(Limits.ENERGY_PER_BIT_PJ)));
    }

    private static double watts(JsonFields w) {
        return w.number(Limits.POWER_W);
    }

    private static StoragePowerConfig storage(JsonFields s) {
        s.object(STORAGE_KEYS);
        return new StoragePowerConfig(s.get("num_devices", c2 -> c2.integer(Limits.DEVICE_COUNT)),
                s.get("idle_power", PowerParser::watts));
    }
}
