package dev.memwall.power;

import dev.memwall.config.CpuPowerConfig;
import dev.memwall.config.CxlPowerConfig;
import dev.memwall.config.DramPowerConfig;
import dev.memwall.config.LinkPowerConfig;
import dev.memwall.config.NicPowerConfig;
import dev.memwall.config.StoragePowerConfig;

/**
 * What the power model assumes where a config says nothing, each value with its source. Numbers
 * marked [E] are estimates: no measured figure was found for them (see
 * {@code ../shared/reference/prices.md} and {@code hardware.md}).
 */
public final class PowerDefaults {
    /** Where the host-side defaults come from. */
    public static final String HOST_SOURCE = "LLMServingSim's example power block"
            + " (configs/cluster/single_node_power_instance.json): base 60 W, CPU 10-200 W at 15 % util,"
            + " 2 W per 32 GiB DIMM and 6 pJ/bit, one 5 W link at 4 pJ/bit, one 20 W NIC, two 5 W drives";

    /** Where the NPU defaults come from. */
    public static final String NPU_SOURCE = "[E] TDP-based: active = the board's TDP (board_power_w, vendor"
            + " datasheets via prices.md); idle and standby at LLMServingSim's example ratios for its 600 W"
            + " RTXPRO6000 (35 W and 300 W: 5.8 % and 50 % of TDP), standby_duration 18 s";

    /** Where the CXL device defaults come from. */
    public static final String CXL_SOURCE = "[E] a CXL 2.0 expander (Astera Leo-class controller, x16, DDR5"
            + " RDIMMs; hardware.md): idle = 8 W controller and board [E: no measured module power is published,"
            + " prices.md; the E3.S 2T envelope bounds a module] + 2 W per 32 GiB of DDR5 (LLMServingSim's example"
            + " DIMM); 10 pJ/bit = 6 pJ/bit DRAM access (LLMServingSim's example) + 4 pJ/bit controller and"
            + " CXL link [E, LLMServingSim's example link figure]";

    /** Where the host-link default comes from. */
    public static final String HOST_LINK_SOURCE = "[E] 4 pJ/bit for the GPU's PCIe host link, as"
            + " LLMServingSim's example link.energy_per_bit";

    static final double BASE_NODE_W = 60;
    static final CpuPowerConfig CPU = new CpuPowerConfig(10, 200, 0.15);
    static final DramPowerConfig DRAM = new DramPowerConfig(32, 2.0, 6.0);
    static final LinkPowerConfig LINK = new LinkPowerConfig(1, 5, 4.0);
    static final NicPowerConfig NIC = new NicPowerConfig(1, 20);
    static final StoragePowerConfig STORAGE = new StoragePowerConfig(2, 5);

    /** NPU idle and standby draw as fractions of the board's TDP, and the standby duration. */
    static final double NPU_IDLE_OF_TDP = 35.0 / 600.0;
    static final double NPU_STANDBY_OF_TDP = 300.0 / 600.0;
    static final double NPU_STANDBY_S = 18;

    /** A CXL device's controller and board at idle, W [E]. */
    static final double CXL_CONTROLLER_IDLE_W = 8;
    /** DDR5 idle draw per GiB on a CXL device: 2 W per 32 GiB DIMM. */
    static final double CXL_DRAM_IDLE_W_PER_GIB = 2.0 / 32.0;
    static final double CXL_PJ_PER_BIT = 10;

    static final double HOST_LINK_PJ_PER_BIT = 4;

    private PowerDefaults() {
    }

    /** The default CXL device power for a device of {@code sizeGib}. */
    static CxlPowerConfig cxl(double sizeGib) {
        return new CxlPowerConfig(CXL_CONTROLLER_IDLE_W + CXL_DRAM_IDLE_W_PER_GIB * sizeGib, CXL_PJ_PER_BIT);
    }
}
