package io.segexport.client.cli;

import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * Keeps subcommand help short: each lists its own options and names the global ones (inherited from
 * the top command) in one line, since {@code segexport --help} explains them.
 */
final class HelpLayout {
    private HelpLayout() {}

    static void applyToSubcommands(CommandLine top) {
        top.getSubcommands().values().forEach(HelpLayout::apply);
    }

    private static void apply(CommandLine command) {
        command.getCommandSpec().usageMessage().abbreviateSynopsis(true);
        command.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_OPTION_LIST, help -> {
            List<OptionSpec> options = help.commandSpec().options();
            List<OptionSpec> own = options.stream()
                    .filter(option -> !option.inherited() || option.usageHelp())
                    .toList();
            String global = options.stream()
                    .filter(option -> option.inherited() && !option.usageHelp())
                    .map(OptionSpec::longestName)
                    .sorted()
                    .collect(Collectors.joining(", "));
            return help.optionListExcludingGroups(own)
                    + String.format("Global options (see 'segexport --help'):%n  %s%n", global);
        });
        command.getSubcommands().values().forEach(HelpLayout::apply);
    }
}
