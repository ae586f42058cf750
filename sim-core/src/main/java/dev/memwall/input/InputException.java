package dev.memwall.input;

/**
 * A problem with something the user gave us (a config, a trace, a flag). Its message is the whole
 * one-line error a user sees, already naming the file and the JSON path or line number, e.g.
 * {@code cluster.json: nodes[0].instances[0].npu_mem.mem_size: must be > 0 (got -4)}.
 * The command line turns it into exit code 2 with no stack trace.
 */
public class InputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InputException(String message) {
        super(message);
    }

    public InputException(String message, Throwable cause) {
        super(message, cause);
    }

    /** {@code where: what}, the usual shape: {@code where} is a file name with a path or line. */
    public static InputException at(String where, String what) {
        return new InputException(where + ": " + what);
    }
}
