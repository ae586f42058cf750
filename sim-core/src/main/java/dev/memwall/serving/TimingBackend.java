package dev.memwall.serving;

import dev.memwall.input.InputException;

/** Which iteration-time backend an instance uses ({@code --timing}). */
public enum TimingBackend {
    /** A profile bundle when one matches hardware, model, dtype and TP under the profile root, else roofline. */
    AUTO,
    /** LLMServingSim's profile tables; an instance without a matching bundle is an error. */
    PROFILE,
    /** The roofline model from the hardware spec. */
    ROOFLINE;

    public static TimingBackend parse(String name, String where) {
        for (TimingBackend t : values()) {
            if (t.name().equalsIgnoreCase(name)) {
                return t;
            }
        }
        throw InputException.at(where, "expected auto, profile or roofline (got '" + name + "')");
    }
}
