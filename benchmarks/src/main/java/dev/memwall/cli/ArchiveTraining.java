package dev.memwall.cli;

import java.io.PrintWriter;

/**
 * The build's class-data-sharing training run (not a tool: {@code mvn package} runs it once
 * under {@code -XX:ArchiveClassesAtExit}, see {@code src/cds/README.md}): a short simulation, then
 * a small sweep with its plots, in one process, so that the archive holds the classes both
 * {@code simulate} and {@code sweep}/{@code plot} load.
 *
 * <p>Arguments: the simulation's output folder and the sweep's, then the training trace and study.
 */
public final class ArchiveTraining {
    private ArchiveTraining() {
    }

    public static void main(String[] args) {
        if (args.length != 4) {
            System.err.println("usage: ArchiveTraining SIMULATE_DIR SWEEP_DIR TRACE STUDY");
            System.exit(Main.EXIT_BAD_INPUT);
        }
        String simulateDir = args[0];
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int simulated = Main.run("simulate", new String[] {
            "--cluster-config", "configs/cluster/two_instance_h100.json", "--dataset", args[2],
            "--output", simulateDir + "/requests.csv", "--summary-json", simulateDir + "/summary.json",
            "--hgrm-dir", simulateDir, "--log-interval", "0.5"}, out, err);
        int swept = Main.run("sweep", new String[] {args[3], "--out", args[1], "--threads", "2", "--progress", "lines"},
                out, err);
        System.exit(simulated != 0 ? simulated : swept);
    }
}
