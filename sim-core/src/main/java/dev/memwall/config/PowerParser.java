package dev.memwall.config;

import dev.memwall.input.JsonFields;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads a node's {@code power} section; every value is a non-negative number. */
final class PowerParser {
    private static final List<String> POWER_KEYS =
            List.of("base_node_power", "npu", "cpu", "dram", "link", "nic", "storage");
    private static final List<String> NPU_KEYS =
            List.of("idle_power", "standby_power", "active_power", "standby_duration");
    private static final List<String> CPU_KEYS = List.of("idle_power", "active_power", "util");
    private static final List<String> DRAM_KEYS = List.of("dimm_size", "idle_power", "energy_per_bit");
    private static final List<String> LINK_KEYS = List.of("num_links", "idle_power", "energy_per_bit");
    private static final List<String> NIC_KEYS = List.of("num_nics", "idle_power");
    private static final List<String> STORAGE_KEYS = List.of("num_devices", "idle_power");

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
                p.get("base_node_power", JsonFields::nonNegative),
                npu,
                p.get("cpu", PowerParser::cpu),
                p.get("dram", PowerParser::dram),
                p.get("link", PowerParser::link),
                p.get("nic", PowerParser::nic),
                p.get("storage", PowerParser::storage));
    }

    private static Map<String, NpuPowerConfig> npu(JsonFields n) {
        n.freeObject();
        Map<String, NpuPowerConfig> out = new LinkedHashMap<>();
        for (String hardware : n.keys()) {
            JsonFields h = n.entry(hardware).object(NPU_KEYS);
            out.put(hardware, new NpuPowerConfig(h.get("idle_power", JsonFields::nonNegative),
                    h.get("standby_power", JsonFields::nonNegative), h.get("active_power", JsonFields::nonNegative),
                    h.get("standby_duration", JsonFields::nonNegative)));
        }
        return out;
    }

    private static CpuPowerConfig cpu(JsonFields c) {
        c.object(CPU_KEYS);
        return new CpuPowerConfig(c.get("idle_power", JsonFields::nonNegative),
                c.get("active_power", JsonFields::nonNegative), c.get("util", JsonFields::unitInterval));
    }

    private static DramPowerConfig dram(JsonFields d) {
        d.object(DRAM_KEYS);
        return new DramPowerConfig(d.get("dimm_size", JsonFields::positive),
                d.get("idle_power", JsonFields::nonNegative), d.get("energy_per_bit", JsonFields::nonNegative));
    }

    private static LinkPowerConfig link(JsonFields l) {
        l.object(LINK_KEYS);
        return new LinkPowerConfig(l.get("num_links", JsonFields::nonNegativeInt),
                l.get("idle_power", JsonFields::nonNegative), l.get("energy_per_bit", JsonFields::nonNegative));
    }

    private static NicPowerConfig nic(JsonFields n) {
        n.object(NIC_KEYS);
        return new NicPowerConfig(n.get("num_nics", JsonFields::nonNegativeInt),
                n.get("idle_power", JsonFields::nonNegative));
    }

    private static StoragePowerConfig storage(JsonFields s) {
        s.object(STORAGE_KEYS);
        return new StoragePowerConfig(s.get("num_devices", JsonFields::nonNegativeInt),
                s.get("idle_power", JsonFields::nonNegative));
    }
}
