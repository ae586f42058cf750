package dev.memwall.serving;

import java.nio.file.Path;
import java.util.Optional;

import dev.memwall.hardware.HardwareSpec;
import dev.memwall.hardware.IterationTimeModel;
import dev.memwall.hardware.RooflineTimeModel;
import dev.memwall.hardware.profile.ProfileBundle;
import dev.memwall.hardware.profile.ProfileTimeModel;
import dev.memwall.input.InputException;
import dev.memwall.network.AstraSimAnalytical;

/**
 * Chooses each instance's iteration-time backend, the last phase of {@link ClusterBuilder}: an
 * LLMServingSim profile bundle when {@code --timing} allows one and {@code --profile-dir} has one
 * for the instance's hardware, model, dtype variant and TP degree; else the roofline.
 */
final class TimingBackends {
    private TimingBackends() {
    }

    /**
     * @param network LLMServingSim's network for {@code --memory-model lss}: its tensor-parallel
     *                all-reduces are ASTRA-Sim's rings over {@code link_bw}; null times them on
     *                the GPUs' own links
     */
    static IterationTimeModel timeModel(InstancePlan p, SimulationOptions o, AstraSimAnalytical network) {
        int tp = p.tp();
        String variant = ProfileBundle.variantFor(p.dtype(), p.kvDtype());
        Optional<Path> bundle = o.profileDir() == null || o.timing() == TimingBackend.ROOFLINE
                ? Optional.empty()
                : ProfileBundle.locate(o.profileDir(), p.hw().name(), p.ic().modelName(), variant, tp);
        if (bundle.isPresent()) {
            if (network != null) {
                return new ProfileTimeModel(ProfileBundle.load(bundle.get(), tp), p.shape(),
                        bytes -> network.ringNs(AstraSimAnalytical.Collective.ALL_REDUCE, (long) bytes, tp, null));
            }
            HardwareSpec hw = p.hw();
            double linkBw = RooflineTimeModel.allReduceBytesPerSec(hw);
            long linkLatency = RooflineTimeModel.allReduceLatencyNs(hw);
            return new ProfileTimeModel(ProfileBundle.load(bundle.get(), tp), p.shape(),
                    bytes -> RooflineTimeModel.ringAllReduceNs(tp, bytes, linkBw, linkLatency));
        }
        if (o.timing() == TimingBackend.PROFILE) {
            String looked = o.profileDir() == null ? "no --profile-dir given"
                    : "no " + o.profileDir().resolve(p.hw().name()).resolve(p.ic().modelName()).resolve(variant)
                            .resolve("tp" + tp) + " with a meta.yaml beside it";
            throw new InputException(p.where() + ": --timing profile: no profile bundle for " + p.hw().name() + ", "
                    + p.ic().modelName() + ", " + variant + ", tp" + tp + " (" + looked + ")");
        }
        return new RooflineTimeModel(p.shape(), p.hw(), p.dtype(), p.where());
    }
}
