package dev.memwall.serving;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.DoubleToLongFunction;

import dev.memwall.hardware.EngineCatalog;
import dev.memwall.hardware.EngineProfile;
import dev.memwall.hardware.Fidelity;
import dev.memwall.hardware.HardwareSpec;
import dev.memwall.hardware.IterationTimeModel;
import dev.memwall.hardware.RooflineTimeModel;
import dev.memwall.hardware.ValidatedErrors;
import dev.memwall.hardware.profile.ProfileBundle;
import dev.memwall.hardware.profile.ProfileTimeModel;
import dev.memwall.input.InputException;
import dev.memwall.moe.ExpertGate;
import dev.memwall.network.AstraSimAnalytical;

/**
 * Chooses each instance's iteration-time backend, the last phase of {@link ClusterBuilder}: an
 * LLMServingSim profile bundle when {@code --timing} allows one and {@code --profile-dir} has one
 * for the instance's hardware, model, dtype variant and TP degree; else the roofline with the
 * {@code --engine} profile. Each choice comes with its {@link Fidelity}: the backend, the GPU's
 * calibration and the errors of the nearest validated case.
 *
 * <p>One per build: the engine profile and the validated errors are read once, when an instance
 * first needs them.
 */
final class TimingBackends {
    private final SimulationOptions options;
    private EngineProfile engine;
    private ValidatedErrors errors;

    /** An instance's iteration-time backend and what it says about the run's fidelity. */
    record Timed(IterationTimeModel model, Fidelity fidelity) {
    }

    TimingBackends(SimulationOptions options) {
        this.options = options;
    }

    /**
     * @param network LLMServingSim's network for {@code --memory-model lss}: its tensor-parallel
     *                all-reduces are ASTRA-Sim's rings over {@code link_bw}; null times them on
     *                the GPUs' own links
     * @param gate    the instance's MoE gate, null for a dense model
     */
    Timed timeModel(InstancePlan p, AstraSimAnalytical network, AstraSimAnalytical across, ExpertGate gate) {
        int tp = p.tp();
        HardwareSpec hw = p.hw();
        String variant = ProfileBundle.variantFor(p.dtype(), p.kvDtype());
        Optional<Path> bundle = options.profileDir() == null || options.timing() == TimingBackend.ROOFLINE
                ? Optional.empty()
                : ProfileBundle.locate(options.profileDir(), hw.name(), p.ic().modelName(), variant, tp);
        if (bundle.isPresent()) {
            ProfileBundle loaded = ProfileBundle.load(bundle.get(), tp);
            IterationTimeModel model;
            if (network != null) {
                model = new ProfileTimeModel(loaded, p.shape(),
                        bytes -> network.ringNs(AstraSimAnalytical.Collective.ALL_REDUCE, (long) bytes, tp, null),
                        moe(p, gate, loaded,
                                lssCollective(network, across, AstraSimAnalytical.Collective.REDUCE_SCATTER, p),
                                lssCollective(network, across, AstraSimAnalytical.Collective.ALL_GATHER, p)));
            } else {
                double linkBw = RooflineTimeModel.allReduceBytesPerSec(hw);
                long linkLatency = RooflineTimeModel.allReduceLatencyNs(hw);
                int ep = p.ep();
                DoubleToLongFunction allToAll = msg -> (ep - 1) * (linkLatency + Math.round(msg / linkBw * 1e9));
                model = new ProfileTimeModel(loaded, p.shape(),
                        bytes -> RooflineTimeModel.ringAllReduceNs(tp, bytes, linkBw, linkLatency),
                        moe(p, gate, loaded, allToAll, allToAll));
            }
            return new Timed(model, Fidelity.of("profile", "", hw, p.ic().modelName(), tp, errors()));
        }
        if (options.timing() == TimingBackend.PROFILE) {
            String looked = options.profileDir() == null ? "no --profile-dir given"
                    : "no " + options.profileDir().resolve(hw.name()).resolve(p.ic().modelName()).resolve(variant)
                            .resolve("tp" + tp) + " with a meta.yaml beside it";
            throw new InputException(p.where() + ": --timing profile: no profile bundle for " + hw.name() + ", "
                    + p.ic().modelName() + ", " + variant + ", tp" + tp + " (" + looked + ")");
        }
        EngineProfile e = engine();
        IterationTimeModel model = new RooflineTimeModel(p.shape(), hw, e, p.dtype(), p.where());
        return new Timed(model, Fidelity.of("roofline", e.name(), hw, p.ic().modelName(), tp, errors()));
    }

    /** The MoE layer's gate and EP collectives, or null for a dense model. */
    private static ProfileTimeModel.Moe moe(InstancePlan p, ExpertGate gate, ProfileBundle bundle,
            DoubleToLongFunction reduceScatterNs, DoubleToLongFunction allGatherNs) {
        if (!p.model().isMoe()) {
            return null;
        }
        return new ProfileTimeModel.Moe(bundle.moe(), gate, reduceScatterNs, allGatherNs);
    }

    /**
     * An EP collective on LLMServingSim's network, given its per-step message: a ring over the EP
     * ranks of one member on the first dimension, then, in a data-parallel group, one over the
     * members on the second (ASTRA-Sim's hierarchical collective over {@code [tp, dp]}; its two
     * dimensions differ where the config gives two {@code link_bw}s, as across nodes).
     */
    private static DoubleToLongFunction lssCollective(AstraSimAnalytical network, AstraSimAnalytical across,
            AstraSimAnalytical.Collective kind, InstancePlan p) {
        int ep = p.ep();
        int members = p.dataParallelMembers();
        int inside = Math.max(1, ep / members);
        int between = ep / inside;
        return msg -> network.ringNs(kind, (long) msg * ep, inside, null)
                + across.ringNs(kind, (long) msg * between, between, null);
    }

    private EngineProfile engine() {
        if (engine == null) {
            engine = EngineCatalog.load(EngineCatalog.enginesDirFor(options.hardwareDir()), options.engine(),
                    "--engine");
        }
        return engine;
    }

    private ValidatedErrors errors() {
        if (errors == null) {
            errors = ValidatedErrors.load(ValidatedErrors.fileFor(options.hardwareDir()));
        }
        return errors;
    }
}
