package io.segexport.client.cli;

import java.util.Map;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Defaults of the connection options: the environment variable when it is set and not blank, else
 * the documented default (none for {@code --ca-file}). The environment is passed in, so that tests run in-process with their own.
 */
final class EnvironmentDefaults implements IDefaultValueProvider {
    private record Setting(String variable, String fallback) {}

    private static final Map<String, Setting> BY_OPTION = Map.of(
            "--target", new Setting(GlobalOptions.TARGET_ENV, GlobalOptions.TARGET_DEFAULT),
            "--token", new Setting(GlobalOptions.TOKEN_ENV, GlobalOptions.TOKEN_DEFAULT),
            "--api-key", new Setting(GlobalOptions.API_KEY_ENV, GlobalOptions.API_KEY_DEFAULT),
            "--org", new Setting(GlobalOptions.ORG_ENV, GlobalOptions.ORG_DEFAULT),
            "--sandbox", new Setting(GlobalOptions.SANDBOX_ENV, GlobalOptions.SANDBOX_DEFAULT),
            "--ca-file", new Setting(GlobalOptions.CA_FILE_ENV, null));

    private final Map<String, String> environment;

    EnvironmentDefaults(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public String defaultValue(ArgSpec argument) {
        if (!(argument instanceof OptionSpec option)) {
            return null;
        }
        Setting setting = BY_OPTION.get(option.longestName());
        if (setting == null) {
            return null;
        }
        String value = environment.get(setting.variable());
        return value == null || value.isBlank() ? setting.fallback() : value;
    }
}
