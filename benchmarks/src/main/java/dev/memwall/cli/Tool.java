package dev.memwall.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The tools, by the name typed first on the command line, in the order the tool list shows them;
 * each makes its picocli command. Constant bodies rather than a map of constructor references:
 * every process, {@code --help} included, looks a tool up, and linking ten method references
 * took 3-5 ms of a 0.1 s start.
 */
enum Tool {
    SIMULATE("simulate") {
        @Override
        Callable<Integer> create() {
            return new SimulateCommand();
        }
    },
    GENERATE("generate") {
        @Override
        Callable<Integer> create() {
            return new GenerateCommand();
        }
    },
    GATE("gate") {
        @Override
        Callable<Integer> create() {
            return new GateCommand();
        }
    },
    VALIDATE("validate") {
        @Override
        Callable<Integer> create() {
            return new ValidateCommand();
        }
    },
    CALIBRATE("calibrate") {
        @Override
        Callable<Integer> create() {
            return new CalibrateCommand();
        }
    },
    SWEEP("sweep") {
        @Override
        Callable<Integer> create() {
            return new SweepCommand();
        }
    },
    COMPARE("compare") {
        @Override
        Callable<Integer> create() {
            return new CompareCommand();
        }
    },
    PLAN("plan") {
        @Override
        Callable<Integer> create() {
            return new PlanCommand();
        }
    },
    PLOT("plot") {
        @Override
        Callable<Integer> create() {
            return new PlotCommand();
        }
    },
    MEMBER("member") {
        @Override
        Callable<Integer> create() {
            return new MemberCommand();
        }
    };

    private final String command;

    Tool(String command) {
        this.command = command;
    }

    /** The name typed on the command line. */
    String command() {
        return command;
    }

    /** A new instance of the tool's picocli command. */
    abstract Callable<Integer> create();

    /** The tool typed as {@code name}, or null when none is. */
    static Tool named(String name) {
        for (Tool t : values()) {
            if (t.command.equals(name)) {
                return t;
            }
        }
        return null;
    }

    /** Every tool's name, in the tool list's order. */
    static List<String> names() {
        List<String> names = new ArrayList<>();
        for (Tool t : values()) {
            names.add(t.command);
        }
        return names;
    }
}
