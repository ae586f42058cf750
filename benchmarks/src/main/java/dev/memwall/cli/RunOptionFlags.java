package dev.memwall.cli;

import dev.memwall.options.RunOption;
import dev.memwall.serving.SimulationOptions;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Adds one flag per {@link RunOption} to a command ({@code @Command(modelTransformer =
 * RunOptionFlags.class)}), so a simulation option is declared once, in the table, for the command
 * line and study files alike; and reads them back into {@link SimulationOptions}.
 */
public final class RunOptionFlags implements CommandLine.IModelTransformer {
    @Override
    public CommandSpec transform(CommandSpec spec) {
        for (RunOption o : RunOption.values()) {
            spec.addOption(flag(o));
        }
        return spec;
    }

    private static OptionSpec flag(RunOption o) {
        String def = o.defaultText();
        String description = withDefault(o.description(), o.kind() != RunOption.Kind.BOOLEAN ? def
                : "true".equals(def) ? "on" : "off");
        if (o.kind() == RunOption.Kind.BOOLEAN) {
            return OptionSpec.builder(o.flag()).negatable(true).type(boolean.class).defaultValue(def)
                    .fallbackValue("true").description(description).build();
        }
        if (o.kind() == RunOption.Kind.LIST) {
            return OptionSpec.builder(o.flag()).paramLabel(o.paramLabel()).type(String[].class)
                    .auxiliaryTypes(String.class).arity("1").description(description).build();
        }
        return OptionSpec.builder(o.flag()).paramLabel(o.paramLabel()).type(String.class).description(description)
                .build();
    }

    /** {@code Text (default: X).}, or the text alone when the default depends on the inputs. */
    private static String withDefault(String description, String def) {
        if (def == null) {
            return description;
        }
        String text = description.endsWith(".") ? description.substring(0, description.length() - 1) : description;
        return text + " (default: " + def + ").";
    }

    /** An option's value as text: a repeated one's values joined with commas. */
    static String text(OptionSpec option) {
        Object value = option.getValue();
        return value instanceof String[] list ? String.join(",", list) : String.valueOf(value);
    }

    /**
     * The simulation options of a parsed command: each flag the user gave (and every boolean)
     * applied, in table order, over {@link SimulationOptions#defaults()}.
     *
     * @param tool names the command in errors, e.g. {@code simulate}
     */
    static SimulationOptions.Builder read(CommandSpec spec, String tool) {
        SimulationOptions.Builder b = SimulationOptions.defaults().toBuilder();
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        for (RunOption o : RunOption.values()) {
            OptionSpec option = spec.findOption(o.flag());
            if (o.kind() == RunOption.Kind.BOOLEAN || parsed.hasMatchedOption(option)) {
                o.apply(b, text(option), tool + ": " + o.flag());
            }
        }
        return b;
    }
}
